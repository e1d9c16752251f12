// `npm run test:unit`: the fast loop. The same jest set-up as `npm test` (jest.config.js), without
// the bundle made before the tests (no globalSetup) and without every test file that runs a bundle:
// the *.e2e.test files and any other that starts one (found by what it calls, so a new file that
// runs the bundle is left out without editing this list). `npm test` still runs everything.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import base from './jest.config.js';

const tests = path.join(path.dirname(fileURLToPath(import.meta.url)), '__tests__');
const RUNS_A_BUNDLE = /\b(?:runAction|runCli|runCliOnTty|checkAgainst|startupAllowanceMs|DIST_DIR|DIST_ENTRY|CLI_ENTRY)\b/;
const needsBundle = readdirSync(tests).filter((file) => file.endsWith('.test.ts') && (file.includes('.e2e.') || RUNS_A_BUNDLE.test(readFileSync(path.join(tests, file), 'utf8'))));

const unit = { ...base };
delete unit.globalSetup;
delete unit.globalTeardown;
export default {
  ...unit,
  testPathIgnorePatterns: ['/node_modules/', ...needsBundle.map((file) => `/${file.replace(/\.ts$/, '.js').replace(/\./g, '\\.')}$`)],
};
