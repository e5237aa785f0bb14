export { openModelStore } from './open-model-store.js';
export type { ModelStore, ModelStoreOptions } from './open-model-store.js';
export type { AccessCheck } from './check-access.js';
export { DEFAULT_STALE_TEMP_AGE_MS } from './remove-stale-temp.js';
export { METADATA_FILE } from './store-paths.js';
export { DEFAULT_ALIAS } from './resolve-version.js';
export { decodeModelExport, encodeModelExport } from './model-export.js';
export { MONITORING_REPORTS_KEPT } from './monitoring-reports.js';
