import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { ArtifactSchema, invalidInput } from '@tabula/contracts';
import { parseModelName, parseVersion } from './parse-names.js';
import { SCRATCH_OWNER } from './scratch-dirs.js';

export const METADATA_FILE = 'metadata.json';
/** MODELS_DIR/<name>/aliases.json: alias → version, the one file of a model that changes. */
export const ALIASES_FILE = 'aliases.json';
const TEMP_DIR = '.tmp';

/**
 * Every path the store touches comes from here. Names and versions are validated on the way in,
 * and the resolved path is checked to lie inside the root as a second guard.
 */
export class StorePaths {
  readonly root: string;
  /** Every process that writes to the store has its own dir in here (see scratch-dirs.ts). */
  readonly tempRoot: string;
  /** This process's dir for files on their way into the store (written, fsynced, then renamed). */
  readonly scratchDir: string;

  constructor(root: string) {
    this.root = resolve(root);
    this.tempRoot = join(this.root, TEMP_DIR);
    this.scratchDir = join(this.tempRoot, SCRATCH_OWNER);
  }

  modelDir(name: string): string {
    return this.inside(parseModelName(name));
  }

  versionDir(name: string, version: number): string {
    return this.inside(parseModelName(name), String(parseVersion(version)));
  }

  artifactPath(name: string, version: number, file: string): string {
    return join(this.versionDir(name, version), parseArtifactFile(file));
  }

  private inside(...segments: string[]): string {
    const path = resolve(this.root, ...segments);
    const fromRoot = relative(this.root, path);
    if (fromRoot === '' || fromRoot === '..' || fromRoot.startsWith(`..${sep}`) || isAbsolute(fromRoot)) {
      throw invalidInput(`The path ${JSON.stringify(segments.join('/'))} would leave the models directory.`);
    }
    return path;
  }
}

/** An artifact file name is one plain segment and may not shadow metadata.json. */
export function parseArtifactFile(file: unknown): string {
  const parsed = ArtifactSchema.shape.file.safeParse(file);
  if (!parsed.success) {
    throw invalidInput(
      `Artifact file name ${JSON.stringify(file)} is not valid: use letters, digits, ".", "_" or "-", starting with a letter or digit.`,
      { details: [{ path: 'files', message: 'invalid artifact file name' }] },
    );
  }
  if (parsed.data === METADATA_FILE) {
    throw invalidInput(`Artifact file name "${METADATA_FILE}" is reserved for the version's metadata.`, {
      details: [{ path: 'files', message: 'reserved file name' }],
    });
  }
  return parsed.data;
}
