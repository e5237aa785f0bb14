import { unsupportedFileFormat, type TableCompression, type TableFormatType } from '@tabula/contracts';

/** How many leading bytes sniffing looks at: enough for every magic number and the first JSON character after a BOM and blank space. */
export const SNIFF_BYTES = 4096;

const GZIP = [0x1f, 0x8b];
const ZSTD = [0x28, 0xb5, 0x2f, 0xfd];
const BZIP2 = [0x42, 0x5a, 0x68]; // "BZh"
const XZ = [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00];
const PARQUET = [0x50, 0x41, 0x52, 0x31]; // "PAR1"
const ZIP = [0x50, 0x4b, 0x03, 0x04]; // "PK\3\4": .xlsx, .ods and .zip all start so
const OLE2 = [0xd0, 0xcf, 0x11, 0xe0]; // an old .xls workbook

const EXPORT_AS_CSV = 'Export the sheet as CSV (UTF-8) from the spreadsheet program, or unzip the archive and send the table file in it.';

const startsWith = (head: Uint8Array, magic: number[]) => head.length >= magic.length && magic.every((byte, idx) => head[idx] === byte);

/**
 * The compression of an upload, from its magic number. A format sent compressed in a way Tabula cannot
 * unpack (bzip2, xz: no decoder both well kept and fast serves on Node 20) is refused with a 415 that
 * says how to send it instead.
 */
export function sniffCompression(head: Uint8Array): TableCompression {
  if (startsWith(head, GZIP)) return 'gzip';
  if (startsWith(head, ZSTD)) return 'zstd';
  if (startsWith(head, BZIP2) && head.length > 3 && head[3] >= 0x31 && head[3] <= 0x39) {
    throw unsupportedFileFormat('bzip2-compressed', 'Unpack it (`bunzip2 -k data.csv.bz2`) and send it as is or gzip-compressed (`gzip data.csv`).');
  }
  if (startsWith(head, XZ)) throw unsupportedFileFormat('xz-compressed', 'Unpack it (`unxz -k data.csv.xz`) and send it as is or gzip-compressed (`gzip data.csv`).');
  return 'none';
}

/**
 * The table format of (uncompressed) bytes from their start: Parquet's magic number, else text, read as
 * a JSON array when it starts as one (`[` then `{`, `[`, `"`, `]` or a number), NDJSON when it starts as a JSON
 * object (`{` then `"` or `}`), and CSV otherwise, a header such as `[id],[name]` included (prepareCsvText
 * then finds its dialect). A spreadsheet, an archive and other binaries are refused with a 415 naming
 * what was seen. `forced` (the input_format field) skips the text guess but never reads a binary as text.
 */
export function sniffTableFormat(head: Uint8Array, forced?: TableFormatType): TableFormatType {
  if (startsWith(head, PARQUET)) return forced ?? 'parquet';
  if (forced === 'parquet') return 'parquet';
  if (startsWith(head, ZIP)) throw unsupportedFileFormat('a zip archive (an .xlsx or .ods spreadsheet is one)', EXPORT_AS_CSV);
  if (startsWith(head, OLE2)) throw unsupportedFileFormat('an old Excel workbook (.xls)', EXPORT_AS_CSV);
  if (sniffCompression(head) !== 'none') {
    throw unsupportedFileFormat('compressed twice', 'Compress the file once: `gunzip` it, then send it plain or gzip-compressed once.');
  }
  if (forced !== undefined) return forced;
  const first = firstTextByte(head);
  if (first === '[' && continuesAsJson(head, JSON_ARRAY_NEXT)) return 'json';
  if (first === '{' && continuesAsJson(head, JSON_OBJECT_NEXT)) return 'ndjson';
  if (first === 'binary') {
    throw unsupportedFileFormat(
      'a binary file of an unknown kind (its first bytes are ' + describeBytes(head) + ')',
      'Send CSV, JSON (an array of records), NDJSON or Parquet, plain or gzip-compressed. A text file misread as binary can be forced with input_format=csv.',
    );
  }
  return 'csv';
}

// What may follow the opening bracket of JSON (blank space aside): a record array starts `[{`; `[[`, `["`, `[]` and an
// array of numbers are JSON too, answered by the JSON reader's own message ("an array of records"). A CSV header cell
// in brackets or braces (`[id]`, `{a}`, `[true]`) is not: a word after the bracket reads as CSV.
const JSON_ARRAY_NEXT = new Set(['{', '[', '"', ']', '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
const JSON_OBJECT_NEXT = new Set(['"', '}']);

/** Whether the first character after the text's first one (a bracket), past blank space, is one JSON allows there; the end of the head counts as yes. */
function continuesAsJson(head: Uint8Array, allowed: ReadonlySet<string>): boolean {
  let idx = startsWith(head, [0xef, 0xbb, 0xbf]) ? 3 : 0;
  while (idx < head.length && isBlank(head[idx])) idx++;
  idx++; // the bracket itself
  while (idx < head.length && isBlank(head[idx])) idx++;
  return idx >= head.length || allowed.has(String.fromCharCode(head[idx]));
}

const isBlank = (byte: number) => byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;

/**
 * The first character past a BOM and blank space, or 'binary' for bytes no text file holds: a NUL, or
 * other control codes in bytes that are not UTF-8 either. A UTF-8 CSV with a stray control character
 * in a cell stays a CSV, read as it always was.
 */
function firstTextByte(head: Uint8Array): string | 'binary' {
  // UTF-16 text has a BOM (prepareCsvText reads it); its NULs are not binary. JSON is read as UTF-8 only.
  if (startsWith(head, [0xff, 0xfe]) || startsWith(head, [0xfe, 0xff])) return 'utf-16';
  let idx = startsWith(head, [0xef, 0xbb, 0xbf]) ? 3 : 0;
  while (idx < head.length && isBlank(head[idx])) idx++;
  if (head.includes(0)) return 'binary';
  const hasControl = head.some((byte) => byte < 0x09 || (byte > 0x0d && byte < 0x20 && byte !== 0x1b));
  if (hasControl && !isUtf8Start(head)) return 'binary';
  return idx < head.length ? String.fromCharCode(head[idx]) : '';
}

/** Whether the bytes are UTF-8, but for a character cut at their end (the head is the file's first bytes). */
function isUtf8Start(head: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return true;
  } catch {
    return false;
  }
}

function describeBytes(head: Uint8Array): string {
  return Array.from(head.subarray(0, 8), (byte) => byte.toString(16).padStart(2, '0')).join(' ');
}
