// @tabula/model-store/testing: what other packages' tests and tests/e2e share with this package's own tests, from
// one copy: a real PostgreSQL server for a test file, and the ModelStore contract suite. Test code only (it imports
// @jest/globals), so it is a subpath of its own, never reached from the package's main export.
export { startTestPostgres } from './postgres-server.js';
export type { TestPostgres } from './postgres-server.js';
export { describeModelStoreContract } from './store-contract.js';
export type { ContractSubject, OpenContractSubject } from './store-contract.js';
