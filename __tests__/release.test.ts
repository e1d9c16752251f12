// How a version is cut: package.json, CHANGELOG.md, README.md and .github/workflows/release.yml must
// agree, the release notes come from the CHANGELOG, and the workflow's major-tag move does what it
// says (run here on a local git remote, since only GitHub can run the workflow itself).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from './helpers/run-action.js';

interface ReleaseCheck {
  readonly problems: string[];
  readonly notes?: string;
  readonly version?: string;
  readonly major?: string;
}
interface ReleaseNotes {
  changelogSection(changelog: string, version: string): string | undefined;
  releaseProblems(tag: string, packageVersion: string, changelog: string): ReleaseCheck;
}

const read = (file: string): string => readFileSync(path.join(REPO_ROOT, file), 'utf8');
const pkg = JSON.parse(read('package.json')) as { version: string; bin: Record<string, string>; files: string[] };
const CHANGELOG = read('CHANGELOG.md');
const RELEASE = read('.github/workflows/release.yml');
const README = read('README.md');
const MAJOR = `v${pkg.version.split('.')[0]}`;

let notes: ReleaseNotes;
beforeAll(async () => {
  notes = (await import(pathToFileURL(path.join(REPO_ROOT, 'scripts/release-notes.mjs')).href)) as ReleaseNotes;
});

describe('the version', () => {
  it("package.json's version is the newest CHANGELOG section, and it has notes", () => {
    const newest = /^## \[(\d+\.\d+\.\d+)\] - \d{4}-\d{2}-\d{2}$/m.exec(CHANGELOG)?.[1];
    expect(newest).toBe(pkg.version);
    const check = notes.releaseProblems(`v${pkg.version}`, pkg.version, CHANGELOG);
    expect(check.problems).toEqual([]);
    // A major opens with what breaks (CHANGELOG's own rule); a minor or patch with its first kind.
    const firstHeading = /^### .+$/m.exec(check.notes ?? '')?.[0];
    if (pkg.version.endsWith('.0.0')) expect(firstHeading).toBe('### Breaking');
    else expect(firstHeading).toMatch(/^### (?:Added|Changed|Fixed|Security)$/);
    expect(check.major).toBe(MAJOR);
  });

  it('README pins the current major everywhere, and documents the exact-version and SHA forms', () => {
    const pins = [...README.matchAll(/acme\/deepseek-preflight@([^\s`'"]+)/g)].map((m) => m[1] ?? '');
    expect(pins.length).toBeGreaterThan(3);
    expect(pins.filter((p) => p !== MAJOR && !p.startsWith(`${MAJOR}.`) && !/^[0-9a-f]{40}$/.test(p))).toEqual([]);
    expect(README).toContain(`acme/deepseek-preflight@v${pkg.version}`);
    expect(README).toMatch(new RegExp(`acme/deepseek-preflight@[0-9a-f]{40} # v${pkg.version.replace(/\./g, '\\.')}`));
  });

  it('the release workflow runs on vX.Y.Z tags only and takes its notes and checks from the same script', () => {
    expect(RELEASE).toContain("tags: ['v[0-9]+.[0-9]+.[0-9]+']");
    expect(RELEASE.match(/run: node scripts\/release-notes\.mjs "\$TAG"/g)).toHaveLength(2);
    expect(RELEASE).toContain('run: npm test');
    expect(RELEASE).toContain('run: npm run lint');
    expect(RELEASE).toContain('run: npm run -s check-dist');
  });
});

describe('scripts/release-notes.mjs', () => {
  const changelog = [
    '# Changelog',
    '',
    '## [Unreleased]',
    '',
    '## [1.2.0] - 2026-12-01',
    '',
    '### Added',
    '',
    '- b',
    '',
    '## [1.1.0] - 2026-11-30',
    '',
    '- a',
    '',
    '[1.2.0]: https://example.invalid/1.2.0',
    '',
  ].join('\n');

  it('takes the section of the version, without the next one or the link definitions', () => {
    expect(notes.changelogSection(changelog, '1.2.0')).toBe('### Added\n\n- b');
    expect(notes.changelogSection(changelog, '1.1.0')).toBe('- a');
    expect(notes.changelogSection(changelog.replace(/\n/g, '\r\n'), '1.1.0')).toBe('- a');
    expect(notes.changelogSection(changelog, '1.1')).toBeUndefined();
  });

  it('refuses a tag that is not vX.Y.Z, one that differs from package.json, one without a section', () => {
    expect(notes.releaseProblems('v1.2', '1.2.0', changelog).problems).toEqual(['the tag v1.2 is not vMAJOR.MINOR.PATCH (e.g. v1.2.3)']);
    expect(notes.releaseProblems('v1', '1.2.0', changelog).problems).toHaveLength(1);
    expect(notes.releaseProblems('v1.2.0', '1.1.0', changelog).problems).toEqual([expect.stringMatching(/^package\.json says version 1\.1\.0, the tag says 1\.2\.0/)]);
    expect(notes.releaseProblems('v1.3.0', '1.3.0', changelog).problems).toEqual([expect.stringMatching(/^CHANGELOG\.md has no section "## \[1\.3\.0\]/)]);
    expect(notes.releaseProblems('v2.10.3', '2.10.3', '## [2.10.3] - 2027-01-01\n- x\n')).toMatchObject({ problems: [], major: 'v2', version: '2.10.3', notes: '- x' });
  });
});

// The workflow's own commands, taken from release.yml, against a bare repository standing in for
// GitHub: the major tag must end up on the released commit, replacing where it pointed before.
const HAS_GIT_BASH = spawnSync('bash', ['-c', 'git --version'], { stdio: 'ignore' }).status === 0;
describe('moving the major tag', () => {
  const moveScript = (): string => {
    const at = RELEASE.indexOf('- name: Move the major tag to this release');
    const block = RELEASE.slice(at).split('run: |\n')[1] ?? '';
    return block
      .split('\n')
      .filter((l) => l.startsWith('          '))
      .map((l) => l.slice(10))
      .join('\n');
  };

  it('the step is the two git commands', () => {
    expect(moveScript()).toBe('git tag --force "$MAJOR" "$GITHUB_SHA"\ngit push --force origin "refs/tags/$MAJOR"');
  });

  (HAS_GIT_BASH ? it : it.skip)(`moves ${MAJOR} on the remote to the released commit${HAS_GIT_BASH ? '' : ' (skipped: needs bash and git on PATH)'}`, () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'release-tag-'));
    const sh = (script: string, env: Record<string, string> = {}): string => {
      const r = spawnSync('bash', ['-ec', script], {
        cwd: dir,
        encoding: 'utf8',
        env: {
          ...process.env,
          GIT_CONFIG_NOSYSTEM: '1',
          GIT_AUTHOR_NAME: 't',
          GIT_AUTHOR_EMAIL: 't@example.invalid',
          GIT_COMMITTER_NAME: 't',
          GIT_COMMITTER_EMAIL: 't@example.invalid',
          ...env,
        },
      });
      if (r.status !== 0) throw new Error(`${script}\n${r.stderr}`);
      return r.stdout.trim();
    };
    try {
      sh('git init -q --bare origin.git && git init -q work && cd work && git remote add origin ../origin.git');
      writeFileSync(path.join(dir, 'work', 'a'), '1');
      const first = sh(`cd work && git add a && git commit -qm one && git tag ${MAJOR} && git push -q origin HEAD:refs/heads/main --tags && git rev-parse HEAD`);
      writeFileSync(path.join(dir, 'work', 'a'), '2');
      const second = sh(`cd work && git commit -qam two && git tag v${pkg.version} && git push -q origin HEAD:refs/heads/main v${pkg.version} && git rev-parse HEAD`);
      expect(sh(`git --git-dir=origin.git rev-parse ${MAJOR}`)).toBe(first);
      sh(`cd work && ${moveScript()}`, { MAJOR, GITHUB_SHA: second });
      expect(sh(`git --git-dir=origin.git rev-parse ${MAJOR}`)).toBe(second);
      expect(sh(`git --git-dir=origin.git rev-parse v${pkg.version}`)).toBe(second);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the CLI from a tag', () => {
  // README tells users to run the CLI with `npx github:acme/deepseek-preflight#v1`: npm installs the
  // repository's package as it is at the tag (no build step: there is no `prepare` script), so the
  // committed bundle and the bin entry must be in what npm packs.
  it('package.json maps the bin to the committed CLI shim, with no build step to run', () => {
    expect(pkg.bin).toEqual({ 'deepseek-preflight': 'dist/cli/index.js' });
    expect(pkg.files).toEqual(expect.arrayContaining(['dist', 'action.yml']));
    // npm prepares a git dependency — installs every devDependency into the clone (482 packages,
    // ~190 MB) — when its package.json has any of these scripts (pacote, lib/git.js): none here.
    const { scripts, dependencies } = JSON.parse(read('package.json')) as { scripts: Record<string, string>; dependencies?: Record<string, string> };
    expect(Object.keys(scripts).filter((name) => ['build', 'prepare', 'prepack', 'preinstall', 'install', 'postinstall'].includes(name))).toEqual([]);
    // Everything the CLI runs is in the bundle: installing the package installs nothing else.
    expect(dependencies).toBeUndefined();
    expect(read('dist/cli/index.js').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });
});

describe('the merge-blocking setup', () => {
  // README and docs/recipes.md show one and the same workflow (job name, merge_group, permissions).
  const firstYamlAfter = (text: string, heading: string): string => /```yaml\n([\s\S]*?)\n```/.exec(text.slice(text.indexOf(heading)))?.[1] ?? '';

  it('is the same workflow in README and docs/recipes.md, with merge_group, permissions and a job name', () => {
    const readme = firstYamlAfter(README, '**Block merges while the key is broken');
    const recipes = firstYamlAfter(read('docs/recipes.md'), '## Block merges when the key is broken');
    expect(readme).toBe(recipes);
    expect(readme).toMatch(/^ {2}merge_group:$/m);
    expect(readme).toMatch(/^permissions:\n {2}contents: read$/m);
    expect(readme).toMatch(/^ {4}name: DeepSeek key$/m);
    expect(README).toContain('every pull request fails this check');
  });
});
