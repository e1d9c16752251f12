// Fails when the committed dist/ is not exactly what the sources bundle to (runners only run
// dist/): compiles, bundles into dist/, then asks git whether dist/ changed, untracked files
// included (a new chunk that was never committed breaks the action). Used by .ci/run and by the
// check-dist and release workflows.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const run = (file, args, options = {}) => execFileSync(file, args, { cwd: root, encoding: 'utf8', ...options });

run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json'], { stdio: 'inherit' });
run(process.execPath, ['scripts/bundle.mjs'], { stdio: 'inherit' });
const changed = run('git', ['status', '--porcelain', '--', 'dist']);
if (changed.trim() !== '') {
  const message = 'dist/ is stale: it differs from what the sources bundle to. Run `npm run bundle` and commit dist/.';
  console.error(process.env.GITHUB_ACTIONS === 'true' ? `::error title=dist/ is stale::${message}` : message);
  console.error(changed);
  process.exit(1);
}
console.log('dist/ is up to date.');
