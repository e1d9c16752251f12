// dist/licenses.txt must name every package whose code is in the bundle, with its licence: the
// bundle is what users run, and MIT asks for the notice to travel with the code. 1.0.0's file (ncc's
// `--license`) listed only @actions/github, though @actions/core and undici are bundled too.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DIST_DIR, REPO_ROOT } from './helpers/run-action.js';

interface LicenseLib {
  bundledPackages(stats: unknown): string[];
}

/** The entries of a licenses.txt: each starts with a package name line followed by its licence id. */
function listed(text: string): { name: string; license: string }[] {
  return text
    .split('\n')
    .map((line, i, lines) => ({ line, next: lines[i + 1] ?? '' }))
    .filter(({ line, next }, i, all) => (i === 0 || all[i - 1]?.line === '') && /^(?:@[a-z0-9._-]+\/)?[a-z0-9._-]+$/.test(line) && /^[A-Za-z0-9.+-]+$/.test(next))
    .map(({ line, next }) => ({ name: line, license: next }));
}

let bundled: string[];
beforeAll(async () => {
  // The package set of the bundle, from webpack's own account of the ncc build of today's sources.
  const lib = (await import(pathToFileURL(path.join(REPO_ROOT, 'scripts/lib/licenses.mjs')).href)) as LicenseLib;
  const dir = mkdtempSync(path.join(tmpdir(), 'licenses-test-'));
  try {
    execFileSync(process.execPath, ['node_modules/@vercel/ncc/dist/ncc/cli.js', 'build', 'build/src/main.js', '-o', path.join(dir, 'out'), '--stats-out', path.join(dir, 'stats.json'), '--quiet'], {
      cwd: REPO_ROOT,
      stdio: 'ignore',
    });
    bundled = lib.bundledPackages(JSON.parse(readFileSync(path.join(dir, 'stats.json'), 'utf8')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 120_000);

describe('licenses.txt', () => {
  /** The packages the action's sources import, statically or not (the simulator is not in the bundle). */
  const imported = (): string[] => {
    const names = new Set<string>();
    const dir = path.join(REPO_ROOT, 'build/src');
    for (const file of readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js') && !f.startsWith('simulator'))) {
      for (const m of readFileSync(path.join(dir, file), 'utf8').matchAll(/(?:\bfrom |\bimport\()'((?:@[^/']+\/)?[^./'][^/']*)/g)) if (!m[1]?.startsWith('node:')) names.add(m[1] ?? '');
    }
    return [...names].sort();
  };

  it('the bundle holds every package the sources import', () => {
    expect(imported()).toEqual(['@actions/core', 'undici']);
    expect(bundled).toEqual(expect.arrayContaining(imported()));
  });

  it.each([
    ['the bundle under test', () => DIST_DIR],
    ['the committed dist/', () => path.join(REPO_ROOT, 'dist')],
  ])('%s lists exactly the bundled packages, each with the licence its package.json states', (_name, dir) => {
    const entries = listed(readFileSync(path.join(dir(), 'licenses.txt'), 'utf8'));
    expect(entries.map((e) => e.name)).toEqual(bundled);
    for (const { name, license } of entries) {
      expect(license).toBe((JSON.parse(readFileSync(path.join(REPO_ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { license: string }).license);
    }
  });
});
