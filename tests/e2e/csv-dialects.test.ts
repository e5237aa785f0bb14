import { describe, expect, it, beforeAll } from '@jest/globals';
import { dropColumns, readCsv, type Table } from '../support/csv.js';
import { errorText, expectError, expectStatus } from '../support/expectations.js';
import { getJson, postForm } from '../support/http.js';
import { usePlatform } from '../support/use-platform.js';
import { IRIS, IRIS_PREDICT, SMALL_FOREST, csvBytes, predictOk, train, trainOk } from '../support/tabula.js';

// The dialects a spreadsheet or a Windows export writes, through the gateway: detected from the bytes
// (or forced with csv_options), read to the very table the plain CSV is, so they train the same model
// and score to the same predictions; what cannot be settled gets a 4xx that says how to force it.
const SEEDED = { model_params: SMALL_FOREST, random_state: '7' };
const iris = readCsv(IRIS);
const irisPredict = dropColumns(readCsv(IRIS_PREDICT), ['variety']);

/** The table written with a delimiter, and decimal commas when asked; cells quoted as a spreadsheet quotes its header. */
function write(table: Table, { delimiter, decimalComma = false, eol = '\n' }: { delimiter: string; decimalComma?: boolean; eol?: string }): string {
  const cell = (value: string) => (decimalComma && /^-?\d+\.\d+$/.test(value) ? value.replace('.', ',') : value);
  const header = table.header.map((name) => `"${name}"`).join(delimiter);
  return [header, ...table.rows.map((row) => row.map(cell).join(delimiter))].join(eol) + eol;
}

const windows1252 = (text: string) => Buffer.from(text, 'latin1');
const utf16le = (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);

describe('CSV dialects and encodings through the gateway', () => {
  const platform = usePlatform();
  let plain: { metrics: Record<string, number>; feature_types: unknown };
  let baseline: string[];

  beforeAll(async () => {
    plain = (await trainOk(platform, { model_name: 'iris-plain', ...SEEDED })).body;
    baseline = (await predictOk(platform, { model_name: 'iris-plain', columns_to_drop: '' }, csvBytes(write(irisPredict, { delimiter: ',' })))).body.predictions;
  }, 120_000);

  const exports: Record<string, () => Buffer> = {
    'a European spreadsheet export (";", decimal commas, windows-1252, CRLF)': () =>
      windows1252(write(iris, { delimiter: ';', decimalComma: true, eol: '\r\n' })),
    'a Windows "Unicode text" export (UTF-16LE with BOM, tabs)': () => utf16le(write(iris, { delimiter: '\t', eol: '\r\n' })),
    'a pipe-separated file with a UTF-8 BOM': () => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(write(iris, { delimiter: '|' }))]),
    'an Excel export that names its delimiter on a "sep=;" first line': () => Buffer.from(`sep=;\r\n${write(iris, { delimiter: ';', decimalComma: true, eol: '\r\n' })}`),
  };

  it.each(Object.keys(exports))('should train from %s to the model the plain CSV trains, and record the dialect', async (label) => {
    const name = `iris-dialect-${Object.keys(exports).indexOf(label)}`;
    const res = await trainOk(platform, { model_name: name, ...SEEDED }, csvBytes(exports[label](), 'export.txt'));
    // Numbers read as numbers (decimal commas included): the same feature types, hence the same model.
    expect(res.body.feature_types).toEqual(plain.feature_types);
    expect(res.body.metrics).toEqual(plain.metrics);
    const version = await getJson(`${platform.gatewayUrl}/models/${name}/versions/1`);
    expectStatus(version, 200);
    const format = (version.body as { dataset: { format?: { type: string; dialect?: { delimiter: string } } } }).dataset.format;
    expect(format).toMatchObject({ type: 'csv', dialect: { delimiter: expect.stringMatching(/^[;\t|]$/) } });
  });

  it('should score a decimal-comma file to the plain predictions, as a JSON answer and as a streamed CSV', async () => {
    const file = csvBytes(windows1252(write(irisPredict, { delimiter: ';', decimalComma: true })));
    const res = await predictOk(platform, { model_name: 'iris-plain', columns_to_drop: '' }, file);
    expect(res.body.predictions).toEqual(baseline);
    const streamed = await postForm(`${platform.gatewayUrl}/predict?format=csv`, { model_name: 'iris-plain', columns_to_drop: '' }, { input_file: file });
    expectStatus(streamed, 200);
    expect(streamed.text.trim().split('\n').slice(1).map((line) => line.split(',')[1])).toEqual(baseline.map(String));
  });

  it('should read a file as csv_options forces it, and refuse bad csv_options naming the key', async () => {
    // "-" as missing, decimal comma forced: without csv_options the "-" cells would make sepal.width text.
    const withDashes = write(irisPredict, { delimiter: ';', decimalComma: true }).replace(/\n([^;\n]*);[^;\n]*;/, '\n$1;-;');
    const forced = { model_name: 'iris-plain', columns_to_drop: '', csv_options: '{"delimiter": ";", "decimal": ",", "encoding": "latin1", "na_values": ["-"]}' };
    const res = await predictOk(platform, forced, csvBytes(windows1252(withDashes)));
    expect(res.body.predictions).toHaveLength(irisPredict.rows.length);

    const bad = await train(platform, { csv_options: '{"separator": ";"}' });
    expectError(bad, ['INVALID_INPUT'], platform);
    expect(errorText(bad)).toContain('separator');
  });

  it('should refuse text that is not UTF-8 with 415 naming the byte and the csv_options that reads it', async () => {
    const res = await train(platform, {}, csvBytes(windows1252('name,city\nJürgen,Köln\nAnna,Berlin\n')));
    expectError(res, ['UNSUPPORTED_ENCODING'], platform);
    expect(errorText(res)).toMatch(/line 2/);
    expect(errorText(res)).toContain('csv_options');
  });

  it('should answer 422 when two delimiters fit the file equally well, naming both', async () => {
    const res = await train(platform, { target_column: 'y' }, csvBytes('a;b|c\n1;2|3\n4;5|6\n'));
    expectError(res, ['AMBIGUOUS_CSV_DIALECT'], platform);
    expect(errorText(res)).toMatch(/";"[\s\S]*"\|"|"\|"[\s\S]*";"/);
  });
});
