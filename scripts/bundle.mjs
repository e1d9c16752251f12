// Bundles the compiled action and CLI (build/, from `tsc`) into dist/ with ncc.
// Runners only ever run dist/. `node scripts/bundle.mjs DIR` bundles into DIR instead.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';

const out = process.argv[2] ?? 'dist';
const ncc = (entry, dir) =>
  execFileSync(process.execPath, ['node_modules/@vercel/ncc/dist/ncc/cli.js', 'build', entry, '-o', dir, '--license', 'licenses.txt', '--quiet'], { stdio: 'inherit' });

rmSync(out, { recursive: true, force: true });
ncc('build/src/action/main.js', out);
ncc('build/src/cli/main.js', path.join(out, 'cli'));
