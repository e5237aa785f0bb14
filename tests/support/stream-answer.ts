import type { Table } from './csv.js';
import type { FormPart } from './http.js';

/** A streamed prediction's answer, read to its end or to where the connection was cut. */
export interface StreamAnswer {
  status: number;
  contentType: string;
  headers: Headers;
  text: string;
  /** True when the connection ended before the body did. */
  aborted: boolean;
}

/** POSTs the parts in order as multipart to `url` and reads the (streamed) answer whole. */
export async function postStreamed(url: string, parts: FormPart[], accept = '*/*'): Promise<StreamAnswer> {
  const form = new FormData();
  for (const part of parts) {
    if ('file' in part) form.append(part.name, new Blob([part.file.content ?? '']), part.file.filename ?? 'data.csv');
    else form.append(part.name, part.value);
  }
  const res = await fetch(url, { method: 'POST', headers: { accept }, body: form });
  let text = '';
  let aborted = false;
  try {
    text = await res.text();
  } catch {
    aborted = true;
  }
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', headers: res.headers, text, aborted };
}

/** The table's rows repeated until there are at least `rows` of them (to cross many blocks). */
export function repeatRows(table: Table, rows: number): Table {
  const copies = Math.ceil(rows / table.rows.length);
  return { header: table.header, rows: Array.from({ length: copies }, () => table.rows).flat() };
}
