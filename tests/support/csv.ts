import { readRepoFile } from './http.js';

/** A parsed CSV: the header and the rows as strings, enough to build test variants of a sample. */
export interface Table {
  header: string[];
  rows: string[][];
}

/** RFC 4180 parsing (quotes, doubled quotes, CRLF); small files only. */
export function parseCsv(text: string): Table {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let inQuotes = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inQuotes) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') inQuotes = false;
      else field += ch;
    } else if (ch === '"') inQuotes = true;
    else if (ch === ',') {
      record.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  const nonEmpty = records.filter((r) => !(r.length === 1 && r[0] === ''));
  const [header = [], ...rows] = nonEmpty;
  return { header, rows };
}

export const readCsv = (path: string): Table => parseCsv(readRepoFile(path).toString('utf8'));

const quote = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

export function toCsv(table: Table): string {
  return [table.header, ...table.rows].map((r) => r.map(quote).join(',')).join('\n') + '\n';
}

export function column(table: Table, name: string): string[] {
  const idx = table.header.indexOf(name);
  if (idx < 0) throw new Error(`no column ${name} in ${table.header.join(',')}`);
  return table.rows.map((r) => r[idx]);
}

export function dropColumns(table: Table, names: string[]): Table {
  const keep = table.header.map((h, i) => (names.includes(h) ? -1 : i)).filter((i) => i >= 0);
  return { header: keep.map((i) => table.header[i]), rows: table.rows.map((r) => keep.map((i) => r[i])) };
}

/** Adds a column computed per row at the end. */
export function addColumn(table: Table, name: string, value: (rowIdx: number) => string): Table {
  return { header: [...table.header, name], rows: table.rows.map((r, i) => [...r, value(i)]) };
}

/** Puts the columns in the given order (every name must exist). */
export function reorderColumns(table: Table, names: string[]): Table {
  const idx = names.map((n) => {
    const i = table.header.indexOf(n);
    if (i < 0) throw new Error(`no column ${n}`);
    return i;
  });
  return { header: names, rows: table.rows.map((r) => idx.map((i) => r[i])) };
}

export function mapColumn(table: Table, name: string, f: (value: string, rowIdx: number) => string): Table {
  const idx = table.header.indexOf(name);
  if (idx < 0) throw new Error(`no column ${name}`);
  return { header: table.header, rows: table.rows.map((r, i) => r.map((v, j) => (j === idx ? f(v, i) : v))) };
}
