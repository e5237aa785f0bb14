import { InputExampleSchema, InputSchemaSchema } from './input-schema.js';
import { ClassLabelSchema } from './model-metadata.js';
import { z } from './z.js';

/** GET /models/{name}/versions/{version}/schema. */
export const ModelSchemaResponseSchema = z
  .object({
    model_name: z.string(),
    model_version: z.number().int(),
    /** true for a version trained before schemas were stored: derived from its features (and data report when it has one). */
    derived: z.boolean(),
    target_column: z.string(),
    class_labels: z.array(ClassLabelSchema).nullable(),
    /** Columns dropped at training: a record may hold them, they are ignored without a warning. */
    columns_dropped: z.array(z.string()),
    input_schema: InputSchemaSchema,
    /** null for a derived schema: the training rows were not kept. */
    input_example: InputExampleSchema.nullable(),
  })
  .openapi('ModelSchema');
export type ModelSchemaResponse = z.infer<typeof ModelSchemaResponseSchema>;
