// Bundles the compiled sources (build/, from `tsc`) into dist/ with ncc: dist/index.js is the action
// and, through the shim dist/cli/index.js, the CLI. Runners only ever run dist/.
// `node scripts/bundle.mjs DIR` bundles into DIR instead.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const out = process.argv[2] ?? 'dist';
rmSync(out, { recursive: true, force: true });
execFileSync(process.execPath, ['node_modules/@vercel/ncc/dist/ncc/cli.js', 'build', 'build/src/main.js', '-o', out, '--license', 'licenses.txt', '--quiet'], { stdio: 'inherit' });

const shim = `#!/usr/bin/env node
// The deepseek-preflight CLI: the same bundle as the action (../index.js), told to act as the CLI.
// Written by scripts/bundle.mjs.
globalThis[Symbol.for('deepseek-preflight.cli')] = true;
await import('../index.js');
`;
mkdirSync(path.join(out, 'cli'), { recursive: true });
writeFileSync(path.join(out, 'cli', 'index.js'), shim);
chmodSync(path.join(out, 'cli', 'index.js'), 0o755);
