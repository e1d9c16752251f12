// Jest global setup: the end-to-end tests run a bundle the way a runner does, and that bundle must be
// the code as it is now, not the committed dist/ from the last `npm run bundle`. So the compiled
// sources (build/, from the `tsc` that `npm test` runs first) are bundled into a temporary directory,
// and PREFLIGHT_DIST points the tests at it (test workers start after this and inherit it).
//
// PREFLIGHT_DIST already set (e.g. PREFLIGHT_DIST=dist to test the committed bundle, as the
// dist/ freshness check in .ci/run and the release workflow guarantees it equals this one) is kept.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** A digest of the compiled sources; the bundle made from them records it (BUILD_STAMP). */
export function buildDigest() {
  const dir = path.join(root, 'build/src');
  const hash = createHash('sha256');
  for (const file of readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.js'))
    .sort()) {
    hash
      .update(`${file.split(path.sep).join('/')}\0`)
      .update(readFileSync(path.join(dir, file)))
      .update('\0');
  }
  return hash.digest('hex');
}

export const BUILD_STAMP = 'build-digest.txt';

export default function globalSetup() {
  if (process.env.PREFLIGHT_DIST) {
    process.env.PREFLIGHT_DIST_GIVEN = '1';
    process.env.PREFLIGHT_DIST = path.resolve(root, process.env.PREFLIGHT_DIST);
    return;
  }
  if (!existsSync(path.join(root, 'build/src/main.js'))) {
    throw new Error('build/src/main.js is missing: run the tests with `npm test`, which compiles first.');
  }
  const started = Date.now();
  const out = mkdtempSync(path.join(tmpdir(), 'preflight-dist-'));
  const digest = buildDigest();
  execFileSync(process.execPath, [path.join(root, 'scripts/bundle.mjs'), out], { cwd: root, stdio: 'inherit' });
  writeFileSync(path.join(out, BUILD_STAMP), `${digest}\n`);
  process.env.PREFLIGHT_DIST = out;
  process.env.PREFLIGHT_DIST_TEMPORARY = '1';
  if (process.env.PREFLIGHT_SETUP_TIMING) console.log(`\nbundled build/ into ${out} in ${Date.now() - started} ms`);
}
