import type { VersionRef } from '@tabula/contracts';
import type { ModelStore } from '@tabula/model-store';

export interface ExportFile {
  filename: string;
  name: string;
  version: number;
  bytes: number;
  /** Written in order, they make the file. */
  parts: Uint8Array[];
}

/** One version as a self-contained download; every artifact is checked against its sha256 on the way out. */
export async function exportVersion(store: ModelStore, name: string, ref: VersionRef): Promise<ExportFile> {
  const version = await store.resolveVersion(name, ref);
  const { parts } = await store.exportVersion(name, version);
  return {
    filename: `${name}-v${version}.tabula-model`,
    name,
    version,
    bytes: parts.reduce((sum, part) => sum + part.byteLength, 0),
    parts,
  };
}
