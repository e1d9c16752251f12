// Tests are written in TypeScript and compiled by `tsc` (npm test builds first): jest runs the
// emitted ES modules as they are, with no transform.
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/build/__tests__'],
  testMatch: ['**/*.test.js'],
  transform: {},
  testTimeout: 60_000,
  maxWorkers: 2,
  reporters: ['default', '<rootDir>/scripts/jest-plain-summary.cjs'],
};
