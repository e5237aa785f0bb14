import { csvNotText, utf16WithoutBom, type TextEncodingName } from '@tabula/contracts';

/** The encoding to decode a file with, and how many bytes of byte order mark to drop. */
export interface SniffedEncoding {
  encoding: TextEncodingName;
  bomBytes: number;
  /** A byte order mark of another encoding than the forced one: said back to the caller, the file read as forced. */
  foreignBom: TextEncodingName | null;
}

const BOMS: ReadonlyArray<{ encoding: TextEncodingName; bytes: readonly number[] }> = [
  { encoding: 'utf-8', bytes: [0xef, 0xbb, 0xbf] },
  { encoding: 'utf-16le', bytes: [0xff, 0xfe] },
  { encoding: 'utf-16be', bytes: [0xfe, 0xff] },
];
/** UTF-16 text of mostly ASCII has a NUL in every other byte; this share of the pairs says UTF-16 (binary has NULs anywhere). */
const UTF16_NUL_SHARE = 0.3;
/** UTF-16 without a BOM is judged on its first bytes: enough for a header line. */
const UTF16_PROBE_BYTES = 4096;

const bomOf = (head: Uint8Array) => BOMS.find(({ bytes }) => head.length >= bytes.length && bytes.every((byte, i) => head[i] === byte)) ?? null;

/** Which of the two bytes of each pair is NUL, over the first pairs: 'le' for ASCII in UTF-16LE (the high byte). */
function nulSide(head: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const nPairs = Math.floor(Math.min(head.length, UTF16_PROBE_BYTES) / 2);
  let highNul = 0;
  let lowNul = 0;
  for (let pair = 0; pair < nPairs; pair++) {
    const first = head[2 * pair];
    const second = head[2 * pair + 1];
    if (second === 0 && first !== 0) highNul++;
    else if (first === 0 && second !== 0) lowNul++;
  }
  if (nPairs === 0) return null;
  if (highNul >= UTF16_NUL_SHARE * nPairs && lowNul === 0) return 'utf-16le';
  if (lowNul >= UTF16_NUL_SHARE * nPairs && highNul === 0) return 'utf-16be';
  return null;
}

/**
 * The encoding of a text file from its first bytes: a byte order mark (UTF-8, UTF-16LE, UTF-16BE)
 * says it, else UTF-8 (which plain ASCII is too). A forced encoding wins; its own BOM is still
 * dropped. Refuses UTF-16 without a BOM (415, saying how to force it) and, when nothing is forced,
 * NUL bytes in a file that is not UTF-16 (binary data: INVALID_CSV, as the CSV reader always has).
 */
export function sniffEncoding(head: Uint8Array, forced?: TextEncodingName): SniffedEncoding {
  const bom = bomOf(head);
  if (forced !== undefined) {
    const isOwnBom = bom?.encoding === forced;
    return { encoding: forced, bomBytes: isOwnBom ? bom.bytes.length : 0, foreignBom: bom && !isOwnBom ? bom.encoding : null };
  }
  if (bom) return { encoding: bom.encoding, bomBytes: bom.bytes.length, foreignBom: null };
  if (head.includes(0)) {
    const utf16 = nulSide(head);
    if (utf16) throw utf16WithoutBom(utf16);
    throw csvNotText('it contains NUL bytes');
  }
  return { encoding: 'utf-8', bomBytes: 0, foreignBom: null };
}
