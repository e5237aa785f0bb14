import { MODEL_LIMIT_SETTINGS, type ModelLimitKind } from '../model-limits.js';
import type { ModelType } from '../model-params.js';
import { joinDetails } from './issues-to-details.js';
import { TabulaError, type ErrorDetail, type TabulaErrorOptions } from './tabula-error.js';

// The errors of a stored model as a whole: one that does not exist, cannot be read back, may not be served, or is
// past this installation's model limits; and model_params that do not fit a model type.

export const modelNotFound = (name: string) =>
  new TabulaError('MODEL_NOT_FOUND', `No model named "${name}" exists.`, {
    hint: 'Train one with POST /train (form field model_name), or list models with GET /models.',
  });

export const versionNotFound = (name: string, version: string | number) =>
  new TabulaError('VERSION_NOT_FOUND', `Model "${name}" has no version ${version}.`, {
    hint: `List its versions with GET /models/${name}/versions.`,
  });

/**
 * MODEL_CORRUPT: a stored version cannot be read back as it was written (a file missing, garbled, or not what its
 * metadata says). Only that version is unusable. `name` and `version` are undefined where the code that found out
 * sees only the files (tabular's model loader), and the message then speaks of "the stored model".
 */
export function modelCorrupt(
  name: string | undefined,
  version: number | undefined,
  reason: string,
  options: Pick<TabulaErrorOptions, 'cause' | 'details'> = {},
): TabulaError {
  if (name === undefined || version === undefined) {
    return new TabulaError('MODEL_CORRUPT', `The stored model is corrupt: ${reason}.`, {
      hint: 'Retrain the model, or predict with another version.',
      ...options,
    });
  }
  return new TabulaError('MODEL_CORRUPT', `Model "${name}" version ${version} is corrupt: ${reason}.`, {
    hint: `Train the model again to create a new version, or use another one (GET /models/${name}/versions lists the readable versions).`,
    ...options,
  });
}

/**
 * MODEL_CORRUPT for a model whose aliases file (`file`, e.g. aliases.json) cannot be read: no version of it can be
 * resolved by alias, and serving another version than the alias meant would be worse than refusing.
 */
export const aliasesCorrupt = (name: string, file: string, reason: string, cause?: unknown) =>
  new TabulaError('MODEL_CORRUPT', `The aliases of model "${name}" cannot be read: ${file} ${reason}.`, {
    hint: `Remove MODELS_DIR/${name}/${file} and set the aliases again with PUT /models/${name}/aliases/{alias}.`,
    cause,
  });

export const noServableVersion = (name: string, versions: number[]) =>
  new TabulaError(
    'NO_SERVABLE_VERSION',
    `Model "${name}" has no version to serve by default: all ${versions.length} of its versions are rejected or unreadable.`,
    {
      hint:
        `Ask for one by number (model_version=${versions.at(-1)}), point the "production" alias at one ` +
        `(PUT /models/${name}/aliases/production with {"version": n}), or train a version that meets its min_metrics.`,
    },
  );

/**
 * PAYLOAD_TOO_LARGE for a model past one of the model limits (MAX_FEATURES, MAX_CATEGORIES, MAX_CLASSES), naming the
 * count, the cap and the setting that raises it. `subject` says whose count it is, e.g. 'The column "city"'.
 */
export const modelLimitExceeded = (kind: ModelLimitKind, count: number, cap: number, subject = 'The model') =>
  new TabulaError('PAYLOAD_TOO_LARGE', `${subject} has ${count} ${kind}; the limit is ${cap} (${MODEL_LIMIT_SETTINGS[kind]}).`, {
    hint: `Reduce the ${kind} (drop or group columns, merge rare values), or raise ${MODEL_LIMIT_SETTINGS[kind]} on the trainer and the predictor if the machine has the memory.`,
    details: [{ path: MODEL_LIMIT_SETTINGS[kind], message: `${count} > ${cap}` }],
  });

/** INVALID_PARAMS naming every bad key of model_params and listing the valid ones. */
export const invalidModelParams = (modelType: ModelType, details: ErrorDetail[], validKeys: string[]) =>
  new TabulaError('INVALID_PARAMS', `Invalid model_params for ${modelType}: ${joinDetails(details)}.`, {
    hint: `Valid keys for ${modelType}: ${validKeys.join(', ')}.`,
    details,
  });

/** 409 for drift monitoring of a version trained before drift references were stored with it. */
export const noDriftReference = (name: string, version: number): TabulaError =>
  new TabulaError('CONFLICT', `Version ${version} of model "${name}" has no drift reference: it was trained before drift monitoring existed.`, {
    hint: 'Retrain the model (POST /train) to store a drift reference with the new version, then monitor that version.',
  });
