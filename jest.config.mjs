// Tests are compiled by `tsc -b` with the code they test and run as plain ESM from dist/,
// so worker threads, import.meta.url and the services' own entry points behave as in production.
export default {
  testEnvironment: 'node',
  transform: {},
  roots: ['<rootDir>/packages', '<rootDir>/services', '<rootDir>/tests'],
  testMatch: ['**/dist/**/*.test.js'],
  testPathIgnorePatterns: ['/node_modules/'],
  modulePathIgnorePatterns: ['<rootDir>/data/'],
  testTimeout: 60000,
};
