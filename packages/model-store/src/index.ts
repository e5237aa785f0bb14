export { openModelStore } from './open-model-store.js';
export type { ModelStore, ModelStoreOptions } from './open-model-store.js';
export type { AccessCheck } from './check-access.js';
export { FOREIGN_SCRATCH_AGE_MS, SCRATCH_OWNER, claimScratchDir } from './scratch-dirs.js';
export type { SweepOptions } from './scratch-dirs.js';
export { METADATA_FILE } from './store-paths.js';
export { DEFAULT_ALIAS } from './resolve-version.js';
export { decodeModelExport, encodeModelExport } from './model-export.js';
export { MONITORING_REPORTS_KEPT } from './monitoring-reports.js';
