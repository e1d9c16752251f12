// Entry point of the action (bundled to dist/index.js).
import { run } from './run.js';

await run();
