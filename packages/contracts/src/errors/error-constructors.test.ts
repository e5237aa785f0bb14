import { describe, expect, it } from '@jest/globals';
import { errorExample } from '../error-responses.js';
import * as errors from './index.js';
import { ERROR_STATUS, TabulaError } from './tabula-error.js';

/** A cause as a failing library throws it: its stack names source files, which must stay in the log. */
const cause = new Error('Unexpected end of form');

/**
 * Arguments for each constructor, one list per way of calling it, with the values a service would pass. A new
 * constructor without an entry here fails the first test, so every one of them is checked below.
 */
const SAMPLES: Record<string, unknown[][]> = {
  invalidInput: [['Invalid form: test_size must be below 1.', { details: [{ path: 'test_size', message: 'must be below 1' }] }]],
  invalidFields: [['input', [{ path: 'test_size', message: 'must be below 1' }]], ['prediction form', [{ path: 'model_name', message: 'required' }], 'INVALID_PARAMS']],
  malformedPathEscape: [['%zz']],
  routeNotFound: [['GET', '/nowhere']],
  jsonExpected: [['application/json', 'text/plain'], ['application/json', undefined]],
  invalidJsonBody: [['Unexpected token } in JSON at position 9']],
  jsonBodyTooLarge: [[]],
  jsonTooDeep: [['The request body', 64]],
  tooManyJsonRows: [[10_001, 10_000]],
  internalError: [[cause]],
  multipartExpected: [['dataset_file', 'application/json'], ['file', undefined, { what: 'the export', example: 'iris-v1.tabula' }]],
  fileFieldMissing: [['input_file'], ['file', { what: 'the export', example: 'iris-v1.tabula' }]],
  unexpectedFileField: [['other', 'input_file'], ['other', 'file', { what: 'the export', example: 'iris-v1.tabula' }]],
  oneFilePerRequest: [[]],
  formCutOff: [[]],
  multipartIncomplete: [[cause]],
  multipartStreamUnreadable: [[cause], [cause, 'dataset_file', { what: 'the CSV', example: 'data.csv' }]],
  formFieldTooLong: [['columns_to_drop', 1024 * 1024]],
  tooManyFormFields: [[50]],
  noUploadedFile: [[]],
  spooledUploadTooLarge: [[2 * 1024 * 1024], [2 * 1024 * 1024, 'Ask for a streamed answer instead.']],
  invalidCsv: [['The file is empty: it has no header row and no data.']],
  headerTooLarge: [[1024 * 1024]],
  cellTooLarge: [[1000, 7, 3]],
  tooManyColumns: [[6, 5], [9363, 2000, false]],
  tooManyRows: [[100]],
  tooManyValues: [[1_000_000, 3]],
  columnTypeMismatch: [['age', 'numeric', [{ row: 4, column: 'age', value: '"ten"' }]], ['signup', 'datetime', [{ row: 2, column: 'signup', value: '"soon"' }, { row: 9, column: 'signup', value: '"later"' }]]],
  nonDateValues: [[[{ row: 3, column: 'signup', value: '"soon"' }], 10]],
  unsupportedFileFormat: [['a zip archive (an .xlsx spreadsheet is one)', 'Export the sheet as CSV (UTF-8) first.'], ['an unknown binary file']],
  compressedStreamEndsEarly: [['gzip', 1234]],
  compressedStreamCorrupt: [['gzip', 'invalid block type']],
  decompressedTooLarge: [[4096 * 1024 * 1024]],
  invalidJsonTable: [['NDJSON line 3 is an array, not an object.', { details: [{ path: 'line 3', message: 'not an object' }] }]],
  jsonArrayTooLarge: [[256 * 1024 * 1024]],
  invalidParquet: [['Column "x" is INT64 in row group 1 but DOUBLE in row group 2.']],
  missingColumns: [[['petal.width'], ['sepal.length']], [['a', 'b'], []]],
  nonNumericValues: [[[{ row: 2, column: 'age', value: '"old"' }], 10], [Array.from({ length: 10 }, (_, i) => ({ row: i + 2, column: 'age', value: '"x"' })), 10]],
  recordsBreakSchema: [
    ['model "iris" version 2', [{ row: 2, column: 'sepal.width', rule: 'wrong_type', message: '"abc" is not a number' }]],
    ['model "iris" version 2', [{ column: 'petal.width', rule: 'missing_value', message: 'is required and no record has it' }], 7],
  ],
  unknownTargetClass: [['species', 3, '"Iris-x"', ['setosa', 'virginica']]],
  nonNumericTarget: [['price', 3, '"cheap"']],
  modelNotFound: [['churn']],
  versionNotFound: [['churn', 3]],
  modelCorrupt: [['iris', 1, 'metadata.json is not valid JSON', { cause }], [undefined, undefined, 'model.json is missing'], ['iris', 1, 'metadata.json does not match', { details: [{ path: 'task', message: 'required' }] }]],
  aliasesCorrupt: [['iris', 'aliases.json', 'is not valid JSON', cause]],
  noServableVersion: [['iris', [1, 2]]],
  modelLimitExceeded: [['classes', 101, 100], ['categories', 1001, 1000, 'The column "city"']],
  invalidModelParams: [['RandomForestClassifier', [{ path: 'model_params.depth', message: 'unknown parameter' }], ['n_estimators', 'max_depth']]],
  noDriftReference: [['iris', 1]],
  aliasNotFound: [['iris', 'production', []], ['iris', 'prod', ['production']]],
  danglingAlias: [['iris', 'production', 3]],
  versionHasAliases: [['iris', 1, ['production']], ['iris', 1, ['production', 'staging']]],
  invalidModelExport: [['it lists no artifacts'], ['its header does not match', { details: [{ path: 'metadata', message: 'required' }], cause }]],
  jobNotFound: [['3f1c2a9e-8b7d-4c6e-9f0a-1b2c3d4e5f60']],
  trainingQueueFull: [[1, 8, 8, 30], [2, 8, 8, 30]],
  jobCancelled: [['3f1c2a9e', 'request'], ['3f1c2a9e', 'disconnect']],
  trainingStoppedBeforeSave: [[]],
  jobNotCancellable: [['3f1c2a9e', 'it has ended (succeeded)']],
  trainingTimeLimitExceeded: [[600]],
  workerStopped: [[134]],
  serviceShutDown: [[]],
  trainerShutDownJobContinues: [['5f0c8a52-8d1e-4c57-9a5e-3f2b1c0d9e7a']],
  trainingAttemptsExhausted: [['3f1c2a9e-8b7d-4c6e-9f0a-1b2c3d4e5f60', 3, 15]],
  upstreamError: [['predictor', { code: 'ECONNREFUSED' }, 30_000], ['predictor', { code: 'ETIMEDOUT' }, 30_000], ['trainer', undefined, 30_000]],
  circuitOpenError: [['predictor', 30_000]],
  bodyTooSlow: [[30_000, 500], [30_000, 0]],
  tooManyInFlight: [[16]],
  apiKeyMissing: [[]],
  apiKeyInvalid: [[]],
  roleForbidden: [['POST', '/train', 'admin', 'read']],
  tooManyAuthFailures: [[20]],
  rateLimited: [[12]],
  storeLinkRefused: [['iris/3/model.json', cause], ['iris'], ['.tmp/iris-x']],
  versionNumberContended: [['iris']],
  scratchDirNotDirectory: [['host-1234', '/srv/tabula/scratch/host-1234']],
  registryUnavailable: [['db.internal:5432', 'ECONNREFUSED', cause], ['127.0.0.1:5432', 'the server closed the connection']],
  registryAuthRefused: [['db.internal:5432', 'tabula', cause]],
  artifactMissing: [['file:///shared/models', 'iris/3f1c2a9e/model.json']],
  artifactKeyInvalid: [['../etc/passwd']],
  artifactKeyTaken: [['file:///shared/models', 'iris/3f1c2a9e/model.json']],
  artifactsUriInvalid: [['s3://AKIAEXAMPLE:secret@bucket/models', 'a URI names no credentials.'], ['http://bucket', 'the scheme must be s3: or file:.']],
  artifactBucketMissing: [['tabula-models', 'http://127.0.0.1:9000']],
  artifactCredentialsRefused: [['tabula-models', 'the AWS S3 endpoint of region eu-west-1', 'InvalidAccessKeyId']],
  artifactStoreUnreachable: [['http://minio:9000', 'ECONNREFUSED']],
  migrationArgsInvalid: [[[{ path: '--from', message: 'required' }]]],
  migrationSourceInvalid: [['./data/models', 'does not exist']],
  migrationNeedsCluster: [[]],
  versionImportConflict: [['iris', 3, 'other artifacts']],
  csvNotText: [['it contains NUL bytes']],
  textNotUtf8: [[{ offset: 1234, line: 17 }, 'E9'], [{ offset: 70_000 }, 'C3 28', true]],
  utf16WithoutBom: [['utf-16le'], ['utf-16be']],
  invalidUtf16: [['utf-16le', 'an unpaired surrogate between bytes 4096 and 8192'], ['utf-16be', 'it ends with half a character']],
  ambiguousDelimiter: [[[{ delimiter: ';', headerCells: 3, matchingLines: 40 }, { delimiter: '\t', headerCells: 2, matchingLines: 40 }], 40]],
  ambiguousDecimal: [[';', '"1,500" could be 1.5 or 1500'], ['\t', 'cells such as "3,14" and "2.5" use both']],
};

/** Written to the start-up log for the operator, never sent to a client: its hint names the path to remove. */
const OPERATOR_ONLY = new Set(['scratchDirNotDirectory']);

/** The exports of errors/ that are not constructors of one error. */
const NOT_CONSTRUCTORS = new Set(['TabulaError', 'isTabulaError', 'reviveTabulaError', 'issuesToDetails', 'joinDetails']);

const constructorNames = Object.entries(errors)
  .filter(([name, value]) => typeof value === 'function' && !NOT_CONSTRUCTORS.has(name))
  .map(([name]) => name)
  .sort();

const cases = Object.entries(SAMPLES).flatMap(([name, argLists]) => argLists.map((args, i) => [`${name} #${i + 1}`, name, args] as const));

/** Stack frames, source files and absolute paths, as tests/support/expectations.ts's expectNoLeak looks for them. */
const LEAKS = [/\n\s+at\s+\S/, /\(?(file:\/\/)?\/[^\s"]+\.(ts|js|mjs|cjs):\d+/, /node_modules|\/tmp\//, /(^|[\s"'(])\/(home|srv|work|var|usr|app)\//];

describe('errors/', () => {
  it('should have a sample call for every constructor it exports', () => {
    expect(constructorNames).toEqual(Object.keys(SAMPLES).sort());
  });

  describe.each(cases)('%s', (_label, name, args) => {
    const make = (errors as unknown as Record<string, (...a: unknown[]) => unknown>)[name];
    const error = make(...args) as TabulaError;

    it('should yield a TabulaError whose code has a status in ERROR_STATUS', () => {
      expect(error).toBeInstanceOf(TabulaError);
      expect(Object.keys(ERROR_STATUS)).toContain(error.code);
      expect(error.status).toBe(ERROR_STATUS[error.code]);
    });

    it('should say what is wrong in a sentence, and any hint and details in their shapes', () => {
      expect(error.message.trim().split(/\s+/).length).toBeGreaterThanOrEqual(3);
      expect(error.message).toMatch(/[.?!]$/);
      expect(error.message).not.toMatch(/undefined|\[object Object\]/);
      if (error.hint !== undefined) expect(error.hint).not.toMatch(/undefined|\[object Object\]/);
      for (const detail of error.details ?? []) expect(detail).toEqual({ path: expect.any(String), message: expect.any(String) });
    });

    it('should keep its stack and its cause out of what a client is sent', () => {
      const sent = [JSON.stringify(error), JSON.stringify(errorExample(error))];
      for (const text of sent) {
        expect(text).not.toContain(cause.stack?.split('\n')[1]?.trim() ?? 'no stack');
        if (!OPERATOR_ONLY.has(name)) for (const leak of LEAKS) expect(text).not.toMatch(leak);
      }
      expect(Object.keys(errorExample(error).error).sort()).toEqual(
        ['code', 'message', ...(error.hint ? ['hint'] : []), ...(error.details?.length ? ['details'] : [])].sort(),
      );
    });
  });
});

describe('reviveTabulaError', () => {
  it('should rebuild what a worker thread flattened with its code, text and details', () => {
    const revived = errors.reviveTabulaError({ code: 'INVALID_INPUT', message: 'The target column has one class.', hint: 'Add rows.', details: [{ path: 't', message: 'one class' }] });
    expect(revived).toMatchObject({ code: 'INVALID_INPUT', status: 400, message: 'The target column has one class.', hint: 'Add rows.', details: [{ path: 't', message: 'one class' }] });
  });
});

describe('artifactsUriInvalid', () => {
  it('should show the URI without the user:password part it was given', () => {
    const error = errors.artifactsUriInvalid('s3://AKIAEXAMPLE:hunter2@bucket/models', 'a URI names no credentials.');
    expect(error.message).toContain('s3://***@bucket/models');
    expect(JSON.stringify(errorExample(error))).not.toMatch(/AKIAEXAMPLE|hunter2/);
  });
});
