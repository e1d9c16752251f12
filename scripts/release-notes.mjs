// Checks that a tag can be released, and prints its release notes.
//
//   node scripts/release-notes.mjs v1.2.3
//
// The tag must be vX.Y.Z, equal package.json's version, and have its own section in CHANGELOG.md
// (`## [X.Y.Z] - YYYY-MM-DD`, Keep a Changelog). Prints that section's body (the release notes) on
// stdout and `major=vX` and `version=X.Y.Z` to $GITHUB_OUTPUT when set. Exit code 1, with what to
// fix, otherwise. The release workflow runs it; so does __tests__/release.test.ts.
import { appendFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The body of `## [version]` in a Keep a Changelog text, or undefined. */
export function changelogSection(changelog, version) {
  const lines = changelog.split(/\r?\n/);
  const escaped = version.replace(/\./g, '\\.');
  const start = lines.findIndex((l) => new RegExp(`^## \\[${escaped}\\] - \\d{4}-\\d{2}-\\d{2}\\s*$`).test(l));
  if (start < 0) return undefined;
  let end = lines.findIndex((l, i) => i > start && /^## /.test(l));
  if (end < 0) end = lines.length;
  // Link reference definitions (`[1.0.0]: https://…`) at the end belong to the whole file.
  const body = lines.slice(start + 1, end).filter((l) => !/^\[[^\]]+\]:\s/.test(l));
  return body.join('\n').trim();
}

export function releaseProblems(tag, packageVersion, changelog) {
  const m = /^v(\d+)\.(\d+)\.(\d+)$/.exec(tag);
  if (!m) return { problems: [`the tag ${tag} is not vMAJOR.MINOR.PATCH (e.g. v1.2.3)`] };
  const version = tag.slice(1);
  const problems = [];
  if (packageVersion !== version)
    problems.push(`package.json says version ${packageVersion}, the tag says ${version}: run \`npm version ${version} --no-git-tag-version\`, commit, and tag that commit`);
  const notes = changelogSection(changelog, version);
  if (notes === undefined) problems.push(`CHANGELOG.md has no section "## [${version}] - YYYY-MM-DD": move the Unreleased entries under it`);
  else if (notes === '') problems.push(`the CHANGELOG.md section for ${version} is empty`);
  return { problems, notes, version, major: `v${m[1]}` };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const tag = process.argv[2] ?? '';
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  const result = releaseProblems(tag, pkg.version, readFileSync(path.join(root, 'CHANGELOG.md'), 'utf8'));
  if (result.problems.length > 0) {
    for (const p of result.problems) console.error(process.env.GITHUB_ACTIONS === 'true' ? `::error title=Cannot release ${tag}::${p}` : `cannot release ${tag}: ${p}`);
    process.exit(1);
  }
  if (process.env.GITHUB_OUTPUT) appendFileSync(process.env.GITHUB_OUTPUT, `major=${result.major}\nversion=${result.version}\n`);
  console.log(result.notes);
}
