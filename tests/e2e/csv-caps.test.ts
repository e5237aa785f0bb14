import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readCsv, toCsv } from '../support/csv.js';
import { errorText, expectError, expectStatus } from '../support/expectations.js';
import { getJson, postForm, postParts, type ApiResponse } from '../support/http.js';
import { IRIS, SMALL_FOREST, csvPart, trainOk } from '../support/tabula.js';
import { usePlatform } from '../support/use-platform.js';

// The header and cell caps on every path that reads a CSV (training, scoring with a JSON or a
// streamed answer, monitoring), through the gateway: each refusal is a 413 naming the cap and the
// setting that raises it, and nothing is stored. The caps are set small (64 KB), so files of a
// few MB, written to a temp dir, pass them by far.

const CAP_BYTES = 64 * 1024;
const MB = 1024 * 1024;
const iris = readCsv(IRIS);

/** Each generated file, the setting its refusal names, and how its message starts. */
const OVERSIZED = {
  /** 100,000 columns (about 690 KB), MAX_COLUMNS being 2,000. */
  wideHeader: { setting: 'MAX_COLUMNS', message: /^The CSV has (at least )?\d+ columns; the limit is 2000\.$/ },
  /** Iris with a 2 MB name for one more column. */
  longHeader: { setting: 'MAX_HEADER_BYTES', message: /^The CSV header \(its first line\) is longer than 64 KB, the limit \(MAX_HEADER_BYTES\)\.$/ },
  /** Iris with a 2 MB value in sepal.length on its third row (line 4). */
  bigCell: { setting: 'MAX_CELL_BYTES', message: /^The cell in column 1 of line 4 is longer than 64 KB, the limit \(MAX_CELL_BYTES\)\.$/ },
} as const;
type Oversized = keyof typeof OVERSIZED;
const KINDS = Object.keys(OVERSIZED) as Oversized[];

function oversizedCsv(kind: Oversized): string {
  if (kind === 'wideHeader') {
    const names = Array.from({ length: 100_000 }, (_, i) => `c${i}`);
    return `${names.join(',')}\n${names.map(() => '1').join(',')}\n`;
  }
  if (kind === 'longHeader') return toCsv({ header: [...iris.header, 'x'.repeat(2 * MB)], rows: iris.rows.map((row) => [...row, '']) });
  return toCsv({ header: iris.header, rows: iris.rows.map((row, i) => (i === 2 ? ['9'.repeat(2 * MB), ...row.slice(1)] : row)) });
}

describe('CSV header and cell caps through the gateway', () => {
  const platform = usePlatform({ env: { MAX_HEADER_BYTES: String(CAP_BYTES), MAX_CELL_BYTES: String(CAP_BYTES) } });
  let dir = '';
  const pathOf = (kind: Oversized) => join(dir, `${kind}.csv`);

  function expectCapRefusal(res: ApiResponse, kind: Oversized): void {
    expectError(res, ['PAYLOAD_TOO_LARGE'], platform);
    expect(res.body.error.message).toMatch(OVERSIZED[kind].message);
    expect(errorText(res)).toContain(OVERSIZED[kind].setting);
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tabula-csv-caps-'));
    for (const kind of KINDS) await writeFile(pathOf(kind), oversizedCsv(kind));
    // Ordinary files are far within the caps.
    await trainOk(platform, { model_name: 'iris' });
  }, 120_000);

  afterAll(async () => {
    if (dir !== '') await rm(dir, { recursive: true, force: true });
  });

  it.each(KINDS)('should refuse to train on %s with 413 and store nothing', async (kind) => {
    const res = await postForm(
      `${platform.gatewayUrl}/train`,
      { target_column: 'variety', model_params: SMALL_FOREST, model_name: 'iris' },
      { dataset_file: { path: pathOf(kind), type: 'text/csv' } },
    );
    expectCapRefusal(res, kind);
    const versions = await getJson(`${platform.gatewayUrl}/models/iris/versions`);
    expectStatus(versions, 200);
    expect(versions.text).not.toContain('"version":2');
  });

  it.each(KINDS.flatMap((kind) => ['json', 'csv', 'ndjson'].map((format) => [kind, format])))(
    'should refuse to score %s with 413 (format=%s)',
    async (kind, format) => {
      // Fields first, as a streamed answer reads them before the file.
      const res = await postParts(`${platform.gatewayUrl}/predict?format=${format}`, [
        { name: 'model_name', value: 'iris' },
        { name: 'input_file', file: { path: pathOf(kind as Oversized), type: 'text/csv' } },
      ]);
      expectCapRefusal(res, kind as Oversized);
    },
  );

  it.each(KINDS)('should refuse a drift check of %s with 413', async (kind) => {
    const res = await postForm(`${platform.gatewayUrl}/monitoring/drift`, { model_name: 'iris' }, { input_file: { path: pathOf(kind), type: 'text/csv' } });
    expectCapRefusal(res, kind);
  });

  it('should refuse a performance check of a file with a cell past the cap with 413', async () => {
    const res = await postForm(
      `${platform.gatewayUrl}/monitoring/performance`,
      { model_name: 'iris', target_column: 'variety' },
      { input_file: { path: pathOf('bigCell'), type: 'text/csv' } },
    );
    expectCapRefusal(res, 'bigCell');
  });

  it('should still score and monitor an ordinary file under the small caps', async () => {
    expectStatus(await postForm(`${platform.gatewayUrl}/predict`, { model_name: 'iris' }, { input_file: csvPart(IRIS) }), 200);
    expectStatus(await postForm(`${platform.gatewayUrl}/monitoring/drift`, { model_name: 'iris' }, { input_file: csvPart(IRIS) }), 200);
  });
});
