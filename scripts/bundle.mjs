// Bundles the compiled sources (build/, from `tsc`) into dist/ with ncc: dist/index.js is the action
// and, through the shim dist/cli/index.js, the CLI. Runners only ever run dist/.
// `node scripts/bundle.mjs DIR` bundles into DIR instead. DIR/licenses.txt lists the licence of every
// package bundled (scripts/lib/licenses.mjs).
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundledPackages, licensesText } from './lib/licenses.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const out = process.argv[2] ?? 'dist';
rmSync(out, { recursive: true, force: true });
const statsDir = mkdtempSync(path.join(tmpdir(), 'preflight-ncc-stats-'));
const statsFile = path.join(statsDir, 'stats.json');
try {
  execFileSync(process.execPath, ['node_modules/@vercel/ncc/dist/ncc/cli.js', 'build', 'build/src/main.js', '-o', out, '--stats-out', statsFile, '--quiet'], {
    stdio: 'inherit',
  });
  writeFileSync(path.join(out, 'licenses.txt'), licensesText(bundledPackages(JSON.parse(readFileSync(statsFile, 'utf8'))), root));
} finally {
  rmSync(statsDir, { recursive: true, force: true });
}

const shim = `#!/usr/bin/env node
// The deepseek-preflight CLI: the same bundle as the action (../index.js), told to act as the CLI.
// Written by scripts/bundle.mjs.
globalThis[Symbol.for('deepseek-preflight.cli')] = true;
await import('../index.js');
`;
mkdirSync(path.join(out, 'cli'), { recursive: true });
writeFileSync(path.join(out, 'cli', 'index.js'), shim);
chmodSync(path.join(out, 'cli', 'index.js'), 0o755);
