import type { FeatureSpec, ModelMetadata } from '@tabula/contracts';
import type { Frame } from '../frame.js';
import { buildInputSchema } from './build-input-schema.js';
import { pickInputExample } from './pick-input-example.js';

/**
 * The parts of a version's signature that describe its input beyond the feature list, built once at
 * training from the whole uploaded frame (so the categories and ranges are those the caller sent, the
 * held-out rows included): the input schema and the input example.
 */
export function describeInputs(frame: Frame, features: readonly FeatureSpec[]): Pick<ModelMetadata['signature'], 'input_schema' | 'input_example'> {
  const inputSchema = buildInputSchema(frame, features);
  return { input_schema: inputSchema, input_example: pickInputExample(frame, inputSchema.columns) };
}
