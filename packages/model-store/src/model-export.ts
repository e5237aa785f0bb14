import { createHash } from 'node:crypto';
import { MODEL_EXPORT_FORMAT, MODEL_EXPORT_FORMAT_VERSION, ModelExportHeaderSchema, invalidModelExport, isTabulaError, issuesToDetails, parseJsonBounded } from '@tabula/contracts';
import type { ModelExportHeader, ModelMetadata } from '@tabula/contracts';
import { parseArtifactFile } from './store-paths.js';

// Metadata with a data report over thousands of columns stays far below this; a file with no
// newline this early is not an export, and is not read further.
const MAX_HEADER_BYTES = 32 * 1024 * 1024;
const NEWLINE = 0x0a;

/**
 * One version as one self-contained file: a JSON header line (format marker, format version,
 * metadata.json with each artifact's size and sha256), then the raw bytes of each artifact in the
 * order metadata.artifacts lists them. Raw bytes rather than base64 in JSON keep the file the size
 * of what is stored and let large models through. Returned as parts, to be written in order.
 */
export function encodeModelExport(metadata: ModelMetadata, files: Record<string, Uint8Array>, exportedAt: Date): Uint8Array[] {
  const header: ModelExportHeader = {
    format: MODEL_EXPORT_FORMAT,
    format_version: MODEL_EXPORT_FORMAT_VERSION,
    exported_at: exportedAt.toISOString(),
    metadata,
  };
  // JSON.stringify escapes every newline inside strings, so the header is exactly one line.
  return [new TextEncoder().encode(`${JSON.stringify(header)}\n`), ...metadata.artifacts.map((artifact) => files[artifact.file])];
}

/**
 * Reads an export file back, trusting nothing: the marker and format version first (a foreign
 * file is named as such), then the header's schema, the artifact names, the exact total length
 * (truncated or padded files are refused) and every artifact's sha256. Throws INVALID_INPUT.
 * Each file is copied to its own ArrayBuffer, as the store's reads return them.
 */
export function decodeModelExport(bytes: Uint8Array): { header: ModelExportHeader; files: Record<string, Uint8Array> } {
  if (bytes.byteLength === 0) throw invalidModelExport('the file is empty');
  const headerEnd = bytes.subarray(0, MAX_HEADER_BYTES).indexOf(NEWLINE);
  if (headerEnd < 0) {
    throw invalidModelExport(bytes[0] === 0x7b ? 'its header line never ends (the file is cut short or not an export)' : 'it is not a Tabula model export (no header line)');
  }
  const header = parseHeader(bytes.subarray(0, headerEnd));
  const artifacts = header.metadata.artifacts;
  checkArtifactNames(artifacts.map((artifact) => artifact.file));

  const expectedBytes = headerEnd + 1 + artifacts.reduce((sum, artifact) => sum + artifact.bytes, 0);
  if (bytes.byteLength < expectedBytes) {
    throw invalidModelExport(`it is truncated: ${expectedBytes} bytes expected, ${bytes.byteLength} received`);
  }
  if (bytes.byteLength > expectedBytes) {
    throw invalidModelExport(`${bytes.byteLength - expectedBytes} unexpected bytes follow the last artifact`);
  }
  const files: Record<string, Uint8Array> = {};
  let offset = headerEnd + 1;
  for (const artifact of artifacts) {
    // A copy, not a view: a Buffer's slice() would share the upload's memory and offset.
    const file = new Uint8Array(bytes.subarray(offset, offset + artifact.bytes));
    offset += artifact.bytes;
    if (createHash('sha256').update(file).digest('hex') !== artifact.sha256) {
      throw invalidModelExport(`artifact "${artifact.file}" does not match its recorded sha256 (the file was altered or damaged)`);
    }
    files[artifact.file] = file;
  }
  return { header, files };
}

function parseHeader(line: Uint8Array): ModelExportHeader {
  let json: unknown;
  try {
    json = parseJsonBounded(line, { what: 'The export header (the first line of the file)' });
  } catch (error) {
    if (isTabulaError(error)) throw error;
    throw invalidModelExport('it is not a Tabula model export (its first line is not JSON)');
  }
  const marker = typeof json === 'object' && json !== null ? (json as Record<string, unknown>) : {};
  if (marker.format !== MODEL_EXPORT_FORMAT) {
    throw invalidModelExport(`it is not a Tabula model export (no "format": "${MODEL_EXPORT_FORMAT}" marker)`);
  }
  if (marker.format_version !== MODEL_EXPORT_FORMAT_VERSION) {
    throw invalidModelExport(
      `it has export format_version ${JSON.stringify(marker.format_version)}, and this Tabula reads version ${MODEL_EXPORT_FORMAT_VERSION}`,
    );
  }
  const parsed = ModelExportHeaderSchema.safeParse(json);
  if (!parsed.success) {
    const details = issuesToDetails(parsed.error.issues);
    const summary = details.slice(0, 3).map((d) => `${d.path} ${d.message}`).join('; ');
    throw invalidModelExport(`its header does not match the export schema (${summary})`, { details });
  }
  return parsed.data;
}

function checkArtifactNames(names: string[]): void {
  if (names.length === 0) throw invalidModelExport('it lists no artifacts');
  for (const name of names) {
    try {
      parseArtifactFile(name);
    } catch (error) {
      if (!isTabulaError(error)) throw error;
      throw invalidModelExport(`artifact name ${JSON.stringify(name)} is not allowed`);
    }
  }
  if (new Set(names).size !== names.length) throw invalidModelExport('it lists an artifact twice');
}
