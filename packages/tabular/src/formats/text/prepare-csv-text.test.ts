import { createReadStream, readFileSync, readdirSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CsvDialectOptionsSchema, DEFAULT_CSV_DIALECT, type TabulaError } from '@tabula/contracts';
import { rejectionOf } from '../../test-fixtures/catch-error.js';
import { dialectOverridesOf } from './dialect-overrides-of.js';
import { prepareCsvText, type PrepareCsvTextOptions } from './prepare-csv-text.js';

const REPO = fileURLToPath(new URL('../../../../../', import.meta.url));
const UTF16LE_BOM = Buffer.from([0xff, 0xfe]);

/** What Excel writes as "CSV (semicolon)" on a German Windows: windows-1252, ";", decimal commas, CRLF. */
const EXCEL_DE = 'Stadt;Preis;Menge\r\nZürich;1,5;3\r\nKöln;-0,25;4\r\n"Lyon; Rhône";12,75;5\r\nEuro €;0,5;6\r\n';
/** Excel's "Unicode text": UTF-16LE with a BOM, tab-separated, CRLF. */
const EXCEL_UNICODE = 'name\tcity\tscore\r\nAnna\tZürich\t1.5\r\nЖеня\tМосква\t2.25\r\nLi\t北京 😀\t3\r\n';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'prepare-csv-text-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Writes the bytes to a real file and prepares it as an upload arrives: a file stream of small chunks. */
async function prepareFile(bytes: Uint8Array, options?: PrepareCsvTextOptions, chunkBytes = 7) {
  const path = join(dir, `f-${Math.random().toString(36).slice(2)}.csv`);
  await writeFile(path, bytes);
  const prepared = await prepareCsvText(createReadStream(path, { highWaterMark: chunkBytes }), options);
  const parts: Uint8Array[] = [];
  for await (const part of prepared.text) parts.push(part);
  return { ...prepared, text: Buffer.concat(parts).toString('utf8') };
}

const forced = (csvOptions: unknown): PrepareCsvTextOptions => ({ overrides: dialectOverridesOf(CsvDialectOptionsSchema.parse(csvOptions)) });

describe('prepareCsvText', () => {
  it('should read every CSV of the repository as before: comma, decimal point, UTF-8, the bytes unchanged but a BOM', async () => {
    const files = [
      ...readdirSync(join(REPO, 'samples')).filter((f) => f.endsWith('.csv')).map((f) => join(REPO, 'samples', f)),
      ...readdirSync(join(REPO, 'tests/fixtures')).filter((f) => f.endsWith('.csv')).map((f) => join(REPO, 'tests/fixtures', f)),
      join(REPO, 'packages/tabular/src/test-fixtures/iris.csv'),
    ];
    expect(files.length).toBeGreaterThanOrEqual(8);
    for (const file of files) {
      const bytes = readFileSync(file);
      const prepared = await prepareFile(bytes, {}, 4096);
      expect([file, prepared.dialect, prepared.forced, prepared.text]).toEqual([file, DEFAULT_CSV_DIALECT, [], bytes.toString('utf8').replace(/^\ufeff/, '')]);
    }
  });

  it('should read an Excel semicolon export in windows-1252 once the encoding is named, finding ";" and the decimal comma', async () => {
    const prepared = await prepareFile(Buffer.from(EXCEL_DE.replace('€', '\x80'), 'latin1'), forced({ encoding: 'cp1252' }));
    expect(prepared.dialect).toEqual({ delimiter: ';', quote: '"', decimal: ',', encoding: 'windows-1252', naValues: null });
    expect(prepared.forced).toEqual(['encoding']);
    expect(prepared.text).toBe(EXCEL_DE);
  });

  it('should refuse that export unnamed, saying where the first non-UTF-8 byte is and how to name the encoding', async () => {
    const error = (await rejectionOf(prepareFile(Buffer.from(EXCEL_DE, 'latin1')))) as TabulaError;
    expect(error).toMatchObject({ code: 'UNSUPPORTED_ENCODING', status: 415 });
    expect(error.message).toBe('The file is not UTF-8 text: byte 0xFC at byte 20 (line 2) is not valid UTF-8.');
    expect(error.hint).toContain(`-F 'csv_options={"encoding":"windows-1252"}'`);
  });

  it.each([1, 2, 3, 5, 4096])('should read an Excel "Unicode text" export (UTF-16LE with a BOM, tabs) in chunks of %i bytes', async (chunkBytes) => {
    const prepared = await prepareFile(Buffer.concat([UTF16LE_BOM, Buffer.from(EXCEL_UNICODE, 'utf16le')]), {}, chunkBytes);
    expect(prepared.dialect).toEqual({ ...DEFAULT_CSV_DIALECT, delimiter: '\t', encoding: 'utf-16le' });
    expect(prepared.text).toBe(EXCEL_UNICODE);
  });

  it.each([
    ['tab-separated with CRLF', 'id\tname\r\n1\tParis, FR\r\n2\tRome\r\n', '\t', '.'],
    ['pipe-separated', 'id|price|city\n1|2.5|Oslo\n2|3|Bergen\n', '|', '.'],
    ['semicolons with quoted headers holding the delimiter', '"a;b";"c, d";e\n1,5;2;x\n', ';', ','],
    ['UTF-8 with a BOM and semicolons', '\ufeffa;b\n-0,5;1\n', ';', ','],
  ])('should detect a %s file', async (_name, text, delimiter, decimal) => {
    const prepared = await prepareFile(Buffer.from(text, 'utf8'));
    expect(prepared.dialect).toMatchObject({ delimiter, decimal, encoding: 'utf-8' });
    expect(prepared.text).toBe(text.replace(/^\ufeff/, ''));
  });

  it.each([1, 2, 3])('should drop a UTF-8 BOM that arrives in chunks of %i bytes', async (chunkBytes) => {
    const prepared = await prepareFile(Buffer.from('\ufeffa;b\r\n1,5;2\r\n'), {}, chunkBytes);
    expect(prepared).toMatchObject({ dialect: { delimiter: ';', decimal: ',', encoding: 'utf-8' }, text: 'a;b\r\n1,5;2\r\n' });
  });

  it('should not take a forced quote character for the delimiter', async () => {
    const prepared = await prepareFile(Buffer.from("|a,b|;c\n|1,5|;2\n"), forced({ quote: '|' }));
    expect(prepared.dialect).toMatchObject({ delimiter: ';', quote: '|', decimal: ',' });
  });

  it('should detect on the first lines only, cut at a line end, and stream the rest unread', async () => {
    const rows = Array.from({ length: 2000 }, (_, i) => `${i};${i},5`).join('\n');
    const prepared = await prepareFile(Buffer.from(`a;b\n${rows}\n3,14;2.5\n`), { sampleBytes: 1024 }, 100);
    expect(prepared.dialect).toMatchObject({ delimiter: ';', decimal: ',' });
  });

  it('should refuse a 422 ambiguity before any text is read, naming the candidates', async () => {
    const error = (await rejectionOf(prepareFile(Buffer.from('a|b;c\n1|2;3\n')))) as TabulaError;
    expect(error).toMatchObject({ code: 'AMBIGUOUS_CSV_DIALECT', status: 422 });
    expect(error.message).toContain('semicolon (";") splits the header into 2 cells');
  });

  it('should throw an encoding fault past the sample while the text is read, with its offset and line', async () => {
    const good = `a,b\n${'1,2\n'.repeat(5000)}`;
    const bytes = Buffer.concat([Buffer.from(good), Buffer.from([0x41, 0xe9, 0x0a])]);
    const error = (await rejectionOf(prepareFile(bytes, {}, 4096))) as TabulaError;
    expect(error.message).toBe(`The file is not UTF-8 text: byte 0xE9 at byte ${good.length + 1} (line 5002) is not valid UTF-8.`);
  });

  it('should let every forced part win, and say when a forced delimiter does not split the header', async () => {
    const prepared = await prepareFile(Buffer.from('a,b\n1,2\n'), forced({ delimiter: ';', quote: null, decimal: '.', na_values: ['-', ' n/a '] }));
    expect(prepared.dialect).toEqual({ delimiter: ';', quote: null, decimal: '.', encoding: 'utf-8', naValues: ['', 'NA', 'N/A', 'NaN', 'null', 'None', '-', 'n/a'] });
    expect(prepared.forced.sort()).toEqual(['decimal', 'delimiter', 'naValues', 'quote']);
    expect(prepared.warnings).toEqual([
      'csv_options forced the delimiter ";", which does not split the header: the file reads as one column; detection would have chosen "," (2 columns)',
    ]);
  });

  it("should take an Excel sep= first line as the delimiter and empty it, keeping its line end so line numbers hold", async () => {
    // Comma would also split this header: only the sep= line says ";", and the decimal comma follows from it.
    const prepared = await prepareFile(Buffer.from('\ufeffsep=;\r\na,b;c\r\n1,5;2\r\n'));
    expect(prepared.dialect).toMatchObject({ delimiter: ';', decimal: ',' });
    expect(prepared.forced).toEqual([]);
    expect(prepared.warnings).toEqual([]);
    expect(prepared.text).toBe('\r\na,b;c\r\n1,5;2\r\n');
    expect((await prepareFile(Buffer.from('"SEP=|"\nx|y\n1|2\n'))).text).toBe('\nx|y\n1|2\n');
    // Not a sep= line: more than one character, or no line end after it.
    expect((await prepareFile(Buffer.from('sep=ab\n1\n'))).text).toBe('sep=ab\n1\n');
  });

  it('should let a forced delimiter win over a sep= line, with a warning, and warn when the sep= delimiter does not split the header', async () => {
    const prepared = await prepareFile(Buffer.from('sep=;\na,b\n1,2\n'), forced({ delimiter: ',' }));
    expect(prepared.dialect.delimiter).toBe(',');
    expect(prepared.text).toBe('\na,b\n1,2\n');
    expect(prepared.warnings).toEqual(['csv_options forced the delimiter ",", but the file\'s first line sep=; names ";"']);
    const unsplit = await prepareFile(Buffer.from('sep=|\na,b\n1,2\n'));
    expect(unsplit.dialect.delimiter).toBe('|');
    expect(unsplit.warnings).toEqual([
      'the file\'s first line sep=| names the delimiter "|", which does not split the header: the file reads as one column; detection would have chosen "," (2 columns)',
    ]);
  });

  it('should pick the delimiter among the others when a decimal comma is forced', async () => {
    const prepared = await prepareFile(Buffer.from('a;b\n1,500;2\n'), forced({ decimal: ',' }));
    expect(prepared.dialect).toMatchObject({ delimiter: ';', decimal: ',' });
  });

  it('should read a forced UTF-16 file without a BOM, which unforced is refused', async () => {
    const bytes = Buffer.from('a;b\r\n1,5;2\r\n', 'utf16le');
    expect(await rejectionOf(prepareFile(bytes))).toMatchObject({ code: 'UNSUPPORTED_ENCODING' });
    expect((await prepareFile(bytes, forced({ encoding: 'utf-16le' }))).text).toBe('a;b\r\n1,5;2\r\n');
  });

  it('should read an empty file as the default dialect and hand on no text', async () => {
    expect(await prepareFile(Buffer.alloc(0))).toEqual({ dialect: DEFAULT_CSV_DIALECT, text: '', forced: [], warnings: [] });
  });

  it('should leave an upload stream open when its reader stops early, so that the route can still answer', async () => {
    const chunk = (n: number) => Buffer.from(`${n};${n}\n`.repeat(2000));
    const upload = Readable.from([Buffer.from('a;b\n'), chunk(1), chunk(2), chunk(3)], { objectMode: false });
    const prepared = await prepareCsvText(upload, { sampleBytes: 16 });
    for await (const part of prepared.text) {
      expect(Buffer.from(part).toString()).toMatch(/^a;b\n/);
      break;
    }
    expect(upload.destroyed).toBe(false);
    const rest: Buffer[] = [];
    for await (const part of upload) rest.push(part as Buffer);
    // What the reader left, up to the end: the upload can still be drained.
    expect(Buffer.concat(rest).toString().endsWith(chunk(3).toString())).toBe(true);
  });
});
