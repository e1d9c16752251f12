// Bundles the compiled action and CLI into dist/ with ncc. Runners only ever run dist/.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';

const ncc = (entry, out) =>
  execFileSync(process.execPath, ['node_modules/@vercel/ncc/dist/ncc/cli.js', 'build', entry, '-o', out, '--license', 'licenses.txt', '--quiet'], { stdio: 'inherit' });

rmSync('dist', { recursive: true, force: true });
ncc('build/src/action/main.js', 'dist');
ncc('build/src/cli/main.js', 'dist/cli');
