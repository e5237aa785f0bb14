import { z } from './z.js';

/**
 * The streaming path's bound on a forest's size (docs/operations.md, "Training large files"): fully grown
 * trees on millions of rows take gigabytes, so when model_params set neither min_samples_leaf nor
 * max_depth, min_samples_leaf is raised until the trees fit a memory budget. Stored in the version's
 * params.engine_options and given in the /train answer, so the change is never silent.
 */
export const ForestSizeBoundSchema = z
  .object({
    budget_mb: z.number().positive(),
    asked: z.object({ min_samples_leaf: z.number().int(), max_depth: z.number().int().nullable() }),
    applied: z.object({ min_samples_leaf: z.number().int() }),
    reason: z.string(),
  })
  .openapi('ForestSizeBound', {
    example: {
      budget_mb: 256,
      asked: { min_samples_leaf: 1, max_depth: null },
      applied: { min_samples_leaf: 140 },
      reason: '100 fully grown trees on 8,000,000 training rows would take about 11.7 GB ...',
    },
  });
export type ForestSizeBound = z.infer<typeof ForestSizeBoundSchema>;
