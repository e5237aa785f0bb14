import type { ResponseConfig } from '@asteasolutions/zod-to-openapi';
import { invalidInput, missingColumns, modelNotFound, type TabulaError } from './errors/index.js';
import { ErrorBodySchema, type ErrorBody } from './responses.js';

/** The body a service answers with for `error` (service-kit's error handler writes the same). */
export const errorExample = (error: TabulaError): ErrorBody => ({
  error: {
    code: error.code,
    message: error.message,
    ...(error.hint ? { hint: error.hint } : {}),
    ...(error.details?.length ? { details: error.details } : {}),
  },
});

/**
 * A documented error answer with an example of its body, so that Swagger UI shows under each
 * status a code that comes with it (ERROR_STATUS), not one code for every status.
 */
export const errorResponse = (description: string, example: TabulaError): ResponseConfig => ({
  description,
  content: { 'application/json': { schema: ErrorBodySchema, example: errorExample(example) } },
});

/** The errors most routes share. */
export const COMMON_ERRORS = {
  400: errorResponse(
    'Invalid input: the message says what is wrong and how to fix it',
    invalidInput('Invalid form: test_size must be below 1.', { details: [{ path: 'test_size', message: 'must be below 1' }] }),
  ),
  404: errorResponse('Model or version not found', modelNotFound('churn')),
  422: errorResponse(
    'The data does not fit the model (missing column, bad value)',
    missingColumns(['petal.width'], ['sepal.length', 'sepal.width', 'petal.length']),
  ),
};
