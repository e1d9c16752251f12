// The smallest workflow that uses the action, and the GITHUB_WORKFLOW_REF that names it: what the
// tests of the workflow-file read put at the workflow path.
export const WORKFLOW_REF = 'acme/shop/.github/workflows/deploy.yml@refs/heads/main';

export const MINIMAL_WORKFLOW = [
  'on: push',
  'jobs:',
  '  check:',
  '    runs-on: ubuntu-latest',
  '    steps:',
  '      - uses: acme/deepseek-preflight@v1',
  '        with:',
  '          api-key: ${{ secrets.DEEPSEEK_API_KEY }}',
  '',
].join('\n');
