// The licences of the packages bundled into dist/: read from webpack's stats of the ncc build (every
// module's file, after its loaders), each package's own package.json and licence file. ncc's own
// `--license` listed only one package: the bundle imports single files of @actions/core and
// undici, which its licence plugin does not count.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The package names whose files are in the bundle, sorted. */
export function bundledPackages(stats) {
  const names = new Set();
  const visit = (modules) => {
    for (const m of modules ?? []) {
      // `loader!loader!/abs/file.js|hash`: the file is what comes after the last `!`.
      const file = String(m.identifier ?? m.name ?? '')
        .split('!')
        .pop()
        .split('|')[0]
        .replace(/\\/g, '/');
      const inPackage = [...file.matchAll(/node_modules\/((?:@[^/]+\/)?[^/]+)/g)].pop();
      if (inPackage) names.add(inPackage[1]);
      visit(m.modules);
    }
  };
  visit(stats.modules);
  return [...names].sort();
}

/** `name`, its licence identifier and its licence text, for each package: ncc's license file format. */
export function licensesText(packages, root) {
  return packages
    .map((name) => {
      const dir = path.join(root, 'node_modules', name);
      const { license } = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
      const file = readdirSync(dir).find((f) => /^licen[cs]e(?:\.md|\.txt)?$/i.test(f));
      if (typeof license !== 'string' || !file || !existsSync(path.join(dir, file))) throw new Error(`${name}: no licence identifier or licence file to list in dist/licenses.txt`);
      return `${name}\n${license}\n${readFileSync(path.join(dir, file), 'utf8').trim()}\n`;
    })
    .join('\n');
}
