import {
  invalidInput,
  issuesToDetails,
  modelCorrupt,
  type ClassLabel,
  type FeatureSpec,
  type ModelLimits,
  type ModelType,
  type Task,
  type ErrorDetail,
  type TabulaError,
} from '@tabula/contracts';
import { checkModelFileLimits } from './check-model-limits.js';
import { loadEstimator } from './estimators/load-estimator.js';
import { argmaxRows, type Estimator } from './estimators/estimator.js';
import { validateMljsState } from './estimators/mljs/validate-mljs-state.js';
import { estimateObjectBytes, estimatePreprocessorBytes } from './estimate-model-bytes.js';
import type { Frame } from './frame.js';
import { MODEL_FILE_NAME, MODEL_FORMAT_VERSION, ModelFileSchema, type ModelFile } from './model-file.js';
import { describeFeatures, type PreprocessorState } from './preprocessing/preprocessor-state.js';
import { transformFrame } from './preprocessing/transform-frame.js';

export interface Prediction {
  /** One per input row, in input order: class labels as they were in the data, or numbers. */
  predictions: ClassLabel[] | number[];
  /** Classifiers, on request: per row, the probability of each class label (keyed by the label as text). */
  probabilities?: Array<Record<string, number>>;
}

/** A fitted preprocessing and estimator, as trainer and predictor see it. */
export interface TabularModel {
  readonly modelType: ModelType;
  readonly task: Task;
  /** The input columns the model needs, with their inferred types. */
  readonly features: FeatureSpec[];
  readonly classLabels: ClassLabel[] | null;
  /**
   * Estimated bytes the model holds in memory once loaded: its typed arrays' byteLength (the buffers
   * under them: a format-2 file's, a format-1 model's decoded bundle), its walk tables, and an estimate for strings and JS objects
   * (categories, ml.js trees). What the predictor's MODEL_CACHE_MB budget counts.
   */
  readonly memoryBytes: number;
  predict(frame: Frame, options?: { returnProba?: boolean }): Prediction;
  /**
   * Artifact files by name, in model files format 2: model.json, and one raw little-endian file per
   * engine array (describeModelArrays gives their dtypes and shapes). The model store writes them.
   */
  serialize(): Record<string, Uint8Array>;
}

export interface TabularModelParts {
  modelType: ModelType;
  task: Task;
  preprocessor: PreprocessorState;
  estimator: Estimator;
  classLabels: ClassLabel[] | null;
  /** The JSON text the estimator was loaded from, when it was: sizes an ml.js estimator's objects. */
  stateTextBytes?: number;
}

export function createTabularModel(parts: TabularModelParts): TabularModel {
  return new PipelineModel(parts);
}

export interface LoadOptions {
  /** The caps to check before anything is decoded (MAX_FEATURES, MAX_CATEGORIES, MAX_CLASSES). */
  limits?: ModelLimits;
  /** Whose model it is, in cap errors: 'model "iris" version 3'. */
  label?: string;
}

/**
 * Rebuilds a model from the files serialize() produced, in format 2 or 1; format 2's array files
 * become typed-array views over the given bytes, not copies. Throws MODEL_CORRUPT when model.json is
 * absent, is not JSON, fails its schema, or when its estimator state is rejected (an array file
 * missing or of the wrong size, a number out of range, or by the estimator's library), naming why;
 * PAYLOAD_TOO_LARGE when it is past a cap.
 */
export function loadTabularModel(files: Record<string, Uint8Array>, options: LoadOptions = {}): TabularModel {
  const bytes = files[MODEL_FILE_NAME];
  if (bytes === undefined) throw corrupt(`${MODEL_FILE_NAME} is missing (files: ${Object.keys(files).join(', ') || 'none'})`);
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    throw corrupt(`${MODEL_FILE_NAME} is not valid JSON`, error);
  }
  if (options.limits !== undefined) checkModelFileLimits(json, options.limits, options.label ?? 'the model');
  const parsed = ModelFileSchema.safeParse(json);
  if (!parsed.success) {
    const details = issuesToDetails(parsed.error.issues);
    const summary = details.slice(0, 3).map((d) => `${d.path}: ${d.message}`).join('; ');
    throw corrupt(`${MODEL_FILE_NAME} does not match format ${MODEL_FORMAT_VERSION} (${summary})`, parsed.error, details);
  }
  const file = parsed.data;
  let estimator: Estimator;
  try {
    if (file.estimator.kind === 'mljs-random-forest' || file.estimator.kind === 'mljs-logistic-regression') validateMljsState(file.estimator);
    estimator = loadEstimator(file.estimator, files);
  } catch (error) {
    // The engines' and the validator's messages say which number is wrong: pass them on.
    const reason = error instanceof Error ? ` (${error.message.replace(/\.$/, '')})` : '';
    throw corrupt(`the ${file.estimator.kind} state in ${MODEL_FILE_NAME} cannot be loaded${reason}`, error);
  }
  return new PipelineModel({
    modelType: file.model_type,
    task: file.task,
    preprocessor: file.preprocessor,
    estimator,
    classLabels: file.class_labels,
    stateTextBytes: bytes.byteLength,
  });
}

/** The loader sees only the files, not whose they are: the error speaks of "the stored model". */
function corrupt(reason: string, cause?: unknown, details?: ErrorDetail[]): TabulaError {
  return modelCorrupt(undefined, undefined, reason, { cause, details });
}

class PipelineModel implements TabularModel {
  readonly modelType: ModelType;
  readonly task: Task;
  readonly features: FeatureSpec[];
  readonly classLabels: ClassLabel[] | null;
  private readonly preprocessor: PreprocessorState;
  private readonly estimator: Estimator;
  private readonly stateTextBytes?: number;
  private estimatedBytes?: number;

  constructor(parts: TabularModelParts) {
    this.modelType = parts.modelType;
    this.task = parts.task;
    this.classLabels = parts.classLabels;
    this.preprocessor = parts.preprocessor;
    this.estimator = parts.estimator;
    this.stateTextBytes = parts.stateTextBytes;
    this.features = describeFeatures(parts.preprocessor);
  }

  get memoryBytes(): number {
    this.estimatedBytes ??=
      estimatePreprocessorBytes(this.preprocessor) +
      (this.estimator.estimateBytes?.() ?? estimateObjectBytes(this.stateTextBytes ?? JSON.stringify(this.estimator.toJSON()).length));
    return this.estimatedBytes;
  }

  predict(frame: Frame, options: { returnProba?: boolean } = {}): Prediction {
    const labels = this.classLabels;
    const isProbaWanted = options.returnProba === true;
    if (isProbaWanted && (labels === null || this.estimator.predictProba === undefined)) {
      throw invalidInput(`return_proba needs a classifier, but this is a ${this.modelType} (${this.task}).`, {
        hint: 'Leave return_proba false for regression models.',
      });
    }
    const { X, nRows } = transformFrame(this.preprocessor, frame);
    if (nRows === 0) return isProbaWanted ? { predictions: [], probabilities: [] } : { predictions: [] };
    if (labels === null) return { predictions: Array.from(this.estimator.predict(X, nRows)) };
    if (!isProbaWanted || this.estimator.predictProba === undefined) {
      return { predictions: Array.from(this.estimator.predict(X, nRows), (c) => labels[c]) };
    }
    // Both estimator families predict the most probable class, so one pass gives both answers.
    const proba = this.estimator.predictProba(X, nRows);
    const keys = labels.map(String);
    return {
      predictions: Array.from(argmaxRows(proba, nRows, keys.length), (c) => labels[c]),
      probabilities: Array.from({ length: nRows }, (_, row) =>
        Object.fromEntries(keys.map((key, c) => [key, proba[row * keys.length + c]])),
      ),
    };
  }

  serialize(): Record<string, Uint8Array> {
    const { state, files } = this.estimator.toArrayFiles?.() ?? { state: this.estimator.toJSON(), files: {} };
    const file: ModelFile = {
      format_version: MODEL_FORMAT_VERSION,
      model_type: this.modelType,
      task: this.task,
      class_labels: this.classLabels,
      preprocessor: this.preprocessor,
      estimator: state,
    };
    return { [MODEL_FILE_NAME]: new TextEncoder().encode(JSON.stringify(file)), ...files };
  }
}
