import { z } from './z.js';

/**
 * A numeric column (or the model's score) at training time: fixed bin edges from its deciles with
 * the share of values in each bin (for PSI), and evenly spaced quantiles standing in for the
 * values themselves (for the KS test), so drift never needs the training file again.
 */
export const NumericReferenceSchema = z.object({
  type: z.literal('numeric'),
  /** Values present (missing ones are left out of every share). */
  n: z.number().int().min(0),
  missing: z.number().int().min(0),
  /** Inner cut points, ascending: bin i holds values ≤ edges[i] and above edges[i-1]; the last bin is open. */
  edges: z.array(z.number()),
  /** Share of values per bin: edges.length + 1 entries that sum to 1. */
  proportions: z.array(z.number().min(0)),
  /** Quantiles at evenly spaced levels from 0 to 1 (min to max). */
  quantiles: z.array(z.number()),
});
export type NumericReference = z.infer<typeof NumericReferenceSchema>;

/** A categorical column at training time: the share of each category (the rarest folded into OTHER_CATEGORY). */
export const CategoricalReferenceSchema = z.object({
  type: z.literal('categorical'),
  n: z.number().int().min(0),
  missing: z.number().int().min(0),
  frequencies: z.record(z.string(), z.number().min(0)),
});
export type CategoricalReference = z.infer<typeof CategoricalReferenceSchema>;

/** Categories beyond the most frequent ones, and categories never seen in training, share this bucket. */
export const OTHER_CATEGORY = '__other__';

export const ScoreKindSchema = z.enum(['probability', 'max_probability', 'prediction']);

/** Stored in a version's metadata (drift_reference) when it is trained. */
export const DriftReferenceSchema = z
  .object({
    features: z.record(z.string(), z.discriminatedUnion('type', [NumericReferenceSchema, CategoricalReferenceSchema])),
    /**
     * The model's score on the training rows: probability = P(score_label) for a binary classifier,
     * max_probability = the top class's probability for more classes, prediction = a regressor's output.
     */
    score: NumericReferenceSchema.extend({ kind: ScoreKindSchema, label: z.string().nullable() }),
  })
  .openapi('DriftReference');
export type DriftReference = z.infer<typeof DriftReferenceSchema>;
