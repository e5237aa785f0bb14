import { TabulaError } from './tabula-error.js';

// The model store's errors about its own directory (MODELS_DIR), other than a version that cannot be read back
// (modelCorrupt, in model-errors.ts).

/**
 * A symbolic link where the store expects its own file or directory. `entry` is its path below MODELS_DIR
 * ("iris/3/model.json"): MODEL_CORRUPT for a model's entries (that model or version is unusable until the link is
 * removed), INTERNAL for the store's temp dir (.tmp).
 */
export function storeLinkRefused(entry: string, cause?: unknown): TabulaError {
  const isModelEntry = !entry.startsWith('.tmp');
  const [model, second = ''] = entry.split('/');
  const unusable = /^[1-9][0-9]*$/.test(second) ? `version ${second} of model "${model}"` : `model "${model}"`;
  const message = `MODELS_DIR/${entry} is a symbolic link; the model store never follows links out of its directory${isModelEntry ? `, so ${unusable} cannot be used` : ''}.`;
  return new TabulaError(isModelEntry ? 'MODEL_CORRUPT' : 'INTERNAL', message, {
    hint: `Replace MODELS_DIR/${entry} with the directory or file itself, or remove the link.`,
    cause,
  });
}

/** 409 when racing writers took every version number this one tried: nothing was stored, and a retry will do. */
export const versionNumberContended = (name: string) =>
  new TabulaError('CONFLICT', `Could not allocate a version number for model "${name}": too many versions were being stored at once.`, {
    hint: 'Retry the training request.',
  });

/**
 * At start-up, not in an answer: the service's own scratch dir (`owner`, at `path`) is a link or a file, so uploads
 * would be written through it. The hint names the path, for the operator who reads the log.
 */
export const scratchDirNotDirectory = (owner: string, path: string) =>
  new TabulaError('INTERNAL', `The scratch dir ${owner} is a symbolic link or a file, not a directory: nothing is written through it.`, {
    hint: `Remove ${path} and start the service again.`,
  });
