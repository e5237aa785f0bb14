// Every error code, message and hint a client of Tabula can see is built in this folder: one file per topic.
export { ERROR_CODES, ERROR_STATUS, TabulaError, isTabulaError, reviveTabulaError } from './tabula-error.js';
export type { ErrorCode, ErrorDetail, SerializedTabulaError, TabulaErrorOptions } from './tabula-error.js';
export { issuesToDetails, joinDetails } from './issues-to-details.js';
export type { IssuesToDetailsOptions } from './issues-to-details.js';
export {
  internalError,
  invalidFields,
  invalidInput,
  invalidJsonBody,
  jsonBodyTooLarge,
  jsonExpected,
  jsonTooDeep,
  malformedPathEscape,
  routeNotFound,
  tooManyJsonRows,
} from './request-errors.js';
export {
  fileFieldMissing,
  formCutOff,
  formFieldTooLong,
  multipartExpected,
  multipartIncomplete,
  multipartStreamUnreadable,
  noUploadedFile,
  oneFilePerRequest,
  spooledUploadTooLarge,
  UPLOAD_TOO_LARGE_HINTS,
  tooManyFormFields,
  unexpectedFileField,
} from './upload-errors.js';
export type { UploadedFileLabel } from './upload-errors.js';
export { cellTooLarge, headerTooLarge, invalidCsv, tooManyColumns, tooManyRows, tooManyValues } from './csv-errors.js';
export { missingColumns, nonNumericTarget, nonNumericValues, unknownTargetClass } from './data-errors.js';
export type { NonNumericCell } from './data-errors.js';
export { columnTypeMismatch, nonDateValues } from './preprocessing-errors.js';
export type { MistypedCell } from './preprocessing-errors.js';
export {
  aliasesCorrupt,
  invalidModelParams,
  modelCorrupt,
  modelLimitExceeded,
  modelNotFound,
  noDriftReference,
  noServableVersion,
  versionNotFound,
} from './model-errors.js';
export { aliasNotFound, danglingAlias, invalidModelExport, versionHasAliases } from './registry-errors.js';
export {
  CANCEL_REASONS,
  jobCancelled,
  jobNotCancellable,
  jobNotFound,
  serviceShutDown,
  trainerShutDownJobContinues,
  trainingAttemptsExhausted,
  trainingQueueFull,
  trainingStoppedBeforeSave,
  trainingTimeLimitExceeded,
  workerStopped,
} from './job-errors.js';
export type { CancelReason } from './job-errors.js';
export { bodyTooSlow, circuitOpenError, tooManyInFlight, upstreamError } from './upstream-errors.js';
export { apiKeyInvalid, apiKeyMissing, rateLimited, roleForbidden, tooManyAuthFailures } from './auth-errors.js';
export { scratchDirNotDirectory, storeLinkRefused, versionNumberContended } from './store-errors.js';
export { registryAuthRefused, registryUnavailable } from './registry-database-errors.js';
export { migrationArgsInvalid, migrationNeedsCluster, migrationSourceInvalid, versionImportConflict } from './migration-errors.js';
export { artifactKeyInvalid, artifactKeyTaken, artifactMissing } from './artifact-errors.js';
export { ambiguousDecimal, ambiguousDelimiter, csvNotText, invalidUtf16, textNotUtf8, utf16WithoutBom } from './csv-dialect-errors.js';
export type { DelimiterCandidate, TextPosition } from './csv-dialect-errors.js';
export { artifactBucketMissing, artifactCredentialsRefused, artifactStoreUnreachable, artifactsUriInvalid } from './artifact-store-errors.js';
export { MAX_SCHEMA_DETAILS, recordsBreakSchema } from './schema-errors.js';
export {
  compressedStreamCorrupt,
  compressedStreamEndsEarly,
  decompressedTooLarge,
  invalidJsonTable,
  invalidParquet,
  jsonArrayTooLarge,
  unsupportedFileFormat,
} from './format-errors.js';
