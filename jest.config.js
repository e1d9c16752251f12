// Tests are written in TypeScript and compiled by `tsc` (npm test builds first): jest runs the
// emitted ES modules as they are, with no transform.
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/build/__tests__'],
  testMatch: ['**/*.test.js'],
  transform: {},
  // src/action/actions-core.ts imports single modules of @actions/core (not in its `exports`);
  // tsconfig `paths` maps them for tsc and ncc, this for tests that import that file unbundled.
  moduleNameMapper: { '^@actions/core/lib/(.*)$': '<rootDir>/node_modules/@actions/core/lib/$1' },
  // The end-to-end tests run a bundle of the current build/, made into a temporary directory
  // (scripts/jest-global-setup.mjs), not the committed dist/, which may lag behind src/.
  globalSetup: '<rootDir>/scripts/jest-global-setup.mjs',
  globalTeardown: '<rootDir>/scripts/jest-global-teardown.mjs',
  // A guard against a hang, not a bound on speed: five suites on two cores took minutes per file.
  testTimeout: 180_000,
  maxWorkers: 2,
  reporters: ['default', '<rootDir>/scripts/jest-plain-summary.cjs'],
};
