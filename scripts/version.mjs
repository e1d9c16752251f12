// Writes src/version.ts from package.json's version, so that the bundle carries its version and
// never reads a package.json at run time (the CLI runs from wherever npx or a clone put it, next to
// whatever package.json is there). `npm run compile` runs this first, so a version bumped with
// `npm version` reaches the next build; the file is written only when it changes.
// `node scripts/version.mjs --check` exits 1 when src/version.ts is not what package.json says.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const target = path.join(root, 'src', 'version.ts');

const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
if (typeof version !== 'string' || !/^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/.test(version)) {
  console.error(`scripts/version.mjs: package.json's version ${JSON.stringify(version)} is not X.Y.Z`);
  process.exit(1);
}

const text = `// Written by scripts/version.mjs from package.json (\`npm run compile\` runs it): do not edit.
export const VERSION = '${version}';
`;

let current = '';
try {
  current = readFileSync(target, 'utf8');
} catch {
  // Absent: written below.
}
if (current !== text) {
  if (process.argv.includes('--check')) {
    console.error(`src/version.ts does not say package.json's version ${version}: run \`node scripts/version.mjs\` (or \`npm run compile\`) and commit it`);
    process.exit(1);
  }
  writeFileSync(target, text);
}
