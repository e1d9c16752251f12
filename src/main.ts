// The one bundle entry, dist/index.js. The runner runs it as the action; dist/cli/index.js, a shim
// that scripts/bundle.mjs writes, runs it as the CLI. One entry keeps one copy of undici and of the
// core in dist/ instead of two, and the CLI's own code is a chunk the action never loads.
import { run } from './action/run.js';
import { endDespiteAbandonedLookups } from './probe/lookup.js';

const CLI = Symbol.for('deepseek-preflight.cli');

if ((globalThis as Record<symbol, unknown>)[CLI] === true) await import('./cli/main.js');
else {
  await run();
  // A DNS lookup abandoned at the deadline must not hold the step open (src/probe/lookup.ts).
  endDespiteAbandonedLookups();
}
