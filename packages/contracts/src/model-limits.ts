import { z } from './z.js';

/**
 * Settings that bound what one model may hold, so that a hostile or accidental input is refused
 * before its memory is spent: checked at training (once the target and the encoders are known,
 * before the fit), when a model is imported, and when a stored model is loaded. The trainer and the
 * predictor both read them from the environment through this one schema.
 */
export const ModelLimitsEnvSchema = z.object({
  /** Model inputs after encoding (one-hot columns count one each). */
  MAX_FEATURES: z.coerce.number().int().positive().default(10_000),
  /** Distinct categories one text column may have. */
  MAX_CATEGORIES: z.coerce.number().int().positive().default(1_000),
  /**
   * Distinct classes of a classification target. A forest keeps a value per class in every node,
   * and a fully grown tree has about a node per training row, so its memory grows with rows ×
   * classes. Measured with the default forest on files of two rows per class (the shape):
   * 100 classes peaked at 0.26 GB of trainer RSS, 250 at 0.87 GB, 500 at 1.8 GB and then failed to
   * serialize (500), 1,000 at 6.9 GB and failed the same way, 10,000 passed 23 GB.
   */
  MAX_CLASSES: z.coerce.number().int().min(2).default(100),
});
export type ModelLimitsEnv = z.infer<typeof ModelLimitsEnvSchema>;

export interface ModelLimits {
  maxFeatures: number;
  maxCategories: number;
  maxClasses: number;
}

export const modelLimitsOf = (env: ModelLimitsEnv): ModelLimits => ({
  maxFeatures: env.MAX_FEATURES,
  maxCategories: env.MAX_CATEGORIES,
  maxClasses: env.MAX_CLASSES,
});

/** The setting that raises each model limit, named in its error (modelLimitExceeded). */
export const MODEL_LIMIT_SETTINGS = {
  features: 'MAX_FEATURES',
  categories: 'MAX_CATEGORIES',
  classes: 'MAX_CLASSES',
} as const;
export type ModelLimitKind = keyof typeof MODEL_LIMIT_SETTINGS;
