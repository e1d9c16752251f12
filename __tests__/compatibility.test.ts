// The claims of README.md's "Compatibility" section that can be checked without GitHub itself:
// the runtime the runner must provide, GitHub Enterprise Server links, reusable workflows, and that
// the action needs no token and no permission.
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { secretsUrls } from '../src/action/run-context.js';
import { locateApiKeyInput } from '../src/action/workflow-location.js';
import { REPO_ROOT } from './helpers/run-action.js';

const read = (file: string): string => readFileSync(path.join(REPO_ROOT, file), 'utf8');
const README = read('README.md');
const ACTION = read('action.yml');

describe('compatibility claims', () => {
  it('the action runs on node24, which README states with the minimum runner version', () => {
    expect(ACTION).toMatch(/^runs:\n {2}using: node24\n/m);
    expect(README).toContain('`using: node24`');
    expect(README).toContain('v2.327.1');
    expect(read('.node-version').trim()).toBe('24');
  });

  it('on GitHub Enterprise Server, links in the summary use its own host (GITHUB_SERVER_URL)', () => {
    expect(secretsUrls({ GITHUB_SERVER_URL: 'https://ghe.example.com', GITHUB_REPOSITORY: 'acme/shop' })).toEqual({
      secretsUrl: 'https://ghe.example.com/acme/shop/settings/secrets/actions',
      dependabotSecretsUrl: 'https://ghe.example.com/acme/shop/settings/secrets/dependabot',
    });
  });

  it('in a reusable workflow the annotation is not pinned to the caller file, which does not hold the step', async () => {
    // GITHUB_WORKFLOW_REF names the caller's workflow; the step (and its `api-key:`) is in the called one.
    const workspace = mkdtempSync(path.join(tmpdir(), 'reusable-'));
    try {
      mkdirSync(path.join(workspace, '.github/workflows'), { recursive: true });
      writeFileSync(path.join(workspace, '.github/workflows/deploy.yml'), 'on: push\njobs:\n  check:\n    uses: acme/shared/.github/workflows/key.yml@v1\n    secrets: inherit\n');
      expect(await locateApiKeyInput({ GITHUB_WORKSPACE: workspace, GITHUB_WORKFLOW_REF: 'acme/shop/.github/workflows/deploy.yml@refs/heads/main', GITHUB_ACTION: 'check' })).toBeUndefined();
      // Without a checkout there is no file to read either: the annotation goes to the run page.
      expect(await locateApiKeyInput({ GITHUB_WORKSPACE: workspace, GITHUB_WORKFLOW_REF: 'acme/shop/.github/workflows/other.yml@refs/heads/main' })).toBeUndefined();
    } finally {
      rmSync(workspace, { recursive: true, force: true });
    }
  });

  it('needs no token and no permission: no token input, and the sources never read one', () => {
    expect(ACTION).not.toMatch(/^ {2}[\w-]*token[\w-]*:/m);
    const sources = readdirSync(path.join(REPO_ROOT, 'src'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    expect(sources.length).toBeGreaterThan(10);
    const readers = sources.filter((f) => /GITHUB_TOKEN|ACTIONS_RUNTIME_TOKEN|ACTIONS_ID_TOKEN/.test(read(path.join('src', f))));
    expect(readers).toEqual([]);
    expect(README).toContain('permissions: {}');
  });
});
