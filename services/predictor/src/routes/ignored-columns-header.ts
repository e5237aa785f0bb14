import type { Response } from 'express';

/** Long lists are cut here: the gateway and most clients refuse response heads of more than 16 KB. */
const MAX_HEADER_CHARS = 4096;

/**
 * Names the columns_to_drop entries the input lacks, which the prediction ignored, in
 * `x-ignored-columns`: each name as a JSON string with non-ASCII escaped (a header is ASCII),
 * comma-separated, so `JSON.parse("[" + value + "]")` reads them back. No header when none was.
 */
export function setIgnoredColumnsHeader(res: Response, names: string[] | undefined): void {
  if (!names || names.length === 0) return;
  let value = '';
  for (const name of names) {
    const quoted = JSON.stringify(name).replace(/[\u007f-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
    const next = value === '' ? quoted : `${value},${quoted}`;
    if (next.length > MAX_HEADER_CHARS) break;
    value = next;
  }
  if (value !== '') res.setHeader('x-ignored-columns', value);
}
