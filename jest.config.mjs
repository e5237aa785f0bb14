// Tests are compiled by `tsc -b` with the code they test and run as plain ESM from dist/,
// so worker threads, import.meta.url and the services' own entry points behave as in production.
// `npm run test:unit` narrows the roots to packages/ and services/ (tests beside the code, and each service's
// test/ driving createApp at its HTTP seam: no service process); `npm run test:e2e` to tests/ (scripts/tabula.mjs).
export default {
  testEnvironment: 'node',
  transform: {},
  roots: ['<rootDir>/packages', '<rootDir>/services', '<rootDir>/tests'],
  testMatch: ['**/dist/**/*.test.js'],
  testPathIgnorePatterns: ['/node_modules/'],
  modulePathIgnorePatterns: ['<rootDir>/data/'],
  testTimeout: 60000,
};
