// Fails on any cycle in the import graph of src/, type-only imports included: a circle between
// modules hides which one is the lower layer (docs/architecture.md). Reads every `import … from`,
// `export … from`, `import '…'` and `import('…')` of a relative module in src/**/*.ts, and prints
// each cycle it finds as a chain of paths. Run by `npm run lint`.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SPECIFIER = /(?:^|[\s;])(?:import|export)\s(?:[^'";]*?\sfrom\s)?['"](\.{1,2}\/[^'"]+)['"]|\bimport\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

/** The relative modules `file` imports, as paths from the repository root. */
export function importsOf(file, text) {
  const found = new Set();
  // Comments may mention modules; they are not imports.
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
  for (const match of code.matchAll(SPECIFIER)) {
    const specifier = match[1] ?? match[2];
    const target = path.posix.join(path.posix.dirname(file), specifier).replace(/\.js$/, '.ts');
    found.add(target);
  }
  return [...found];
}

/** Every elementary circle's first appearance in a depth-first walk, as [a, b, …, a]. */
export function findCycles(graph) {
  const cycles = [];
  const state = new Map(); // undefined: not seen; 1: on the stack; 2: done
  const stack = [];
  const visit = (node) => {
    state.set(node, 1);
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue;
      if (state.get(next) === 1) cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (state.get(next) === undefined) visit(next);
    }
    stack.pop();
    state.set(node, 2);
  };
  for (const node of [...graph.keys()].sort()) if (state.get(node) === undefined) visit(node);
  return cycles;
}

function sourceGraph() {
  const files = readdirSync(path.join(root, 'src'), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .map((f) => path.posix.join('src', f.split(path.sep).join('/')))
    .sort();
  return new Map(files.map((file) => [file, importsOf(file, readFileSync(path.join(root, file), 'utf8'))]));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const cycles = findCycles(sourceGraph());
  for (const cycle of cycles) console.error(`import cycle: ${cycle.join(' → ')}`);
  if (cycles.length > 0) {
    console.error(`${cycles.length} import cycle(s) in src/ (type-only imports count too): move the shared types down a layer (src/contract.ts, or a module of their own).`);
    process.exit(1);
  }
}
