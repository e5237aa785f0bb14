import { ModelDetailSchema, ModelSchemaResponseSchema, type InputExample } from '@tabula/contracts';
import type { OpenApiDocument } from '@tabula/service-kit';
import { openUpstreamRequest, type UpstreamTarget } from './upstream/upstream-request.js';

/** The model a call without model_name scores with (PredictFormSchema's default). */
const DEFAULT_MODEL = 'default';
/** A schema answer is a few KB; anything past this is not read. */
const MAX_ANSWER_BYTES = 1024 * 1024;
/** /openapi.json is public: one look-up per this period, however often the page is loaded. */
const CACHE_MS = 10_000;

export interface PredictExamplesOptions {
  timeoutMs?: number;
  now?: () => number;
}

/**
 * The document of /openapi.json and /docs with the JSON bodies of POST /predict and /predict_batch
 * pre-filled from the input example of the version that serves by default (model "default": its
 * production alias, else its newest version that is not rejected), so Swagger UI's "Try it out" sends
 * rows the model was trained on. The predictor answers it (GET /models/default, then that version's
 * schema), at most once per CACHE_MS; when there is no such model, no example or no answer in time, the
 * document keeps its static iris example.
 */
export function presentPredictExamples(predictor: UpstreamTarget, { timeoutMs = 2000, now = Date.now }: PredictExamplesOptions = {}) {
  let cached: { at: number; example: Promise<InputExample | null> } | undefined;
  return async (document: OpenApiDocument): Promise<OpenApiDocument> => {
    if (cached === undefined || now() - cached.at > CACHE_MS) {
      cached = { at: now(), example: fetchDefaultExample(predictor, timeoutMs).catch(() => null) };
    }
    const example = await cached.example;
    return example === null || example.length === 0 ? document : withExamples(document, example);
  };
}

async function fetchDefaultExample(predictor: UpstreamTarget, timeoutMs: number): Promise<InputExample | null> {
  const detail = ModelDetailSchema.safeParse(await getJson(predictor, `/models/${DEFAULT_MODEL}`, timeoutMs));
  if (!detail.success || detail.data.default_version === null) return null;
  const schema = ModelSchemaResponseSchema.safeParse(await getJson(predictor, `/models/${DEFAULT_MODEL}/versions/${detail.data.default_version}/schema`, timeoutMs));
  return schema.success ? schema.data.input_example : null;
}

/** A copy of the document whose two JSON prediction bodies show the example: one record, and the records. */
function withExamples(document: OpenApiDocument, example: InputExample): OpenApiDocument {
  const copy = structuredClone(document);
  const setExample = (path: string, value: unknown) => {
    const media = (copy.paths[path]?.post?.requestBody as { content?: Record<string, { example?: unknown }> } | undefined)?.content?.['application/json'];
    if (media) media.example = value;
  };
  setExample('/predict', example[0]);
  setExample('/predict_batch', example);
  return copy;
}

/** The parsed JSON of a 200 answer to a GET, or null for any other answer. Rejects on a transport failure or timeout. */
function getJson(target: UpstreamTarget, path: string, timeoutMs: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const req = openUpstreamRequest(target, { method: 'GET', path, headers: { accept: 'application/json' }, timeoutMs });
    const deadline = setTimeout(() => req.destroy(Object.assign(new Error(`${target.name} timeout`), { code: 'ETIMEDOUT' })), timeoutMs);
    req.on('error', (error) => {
      clearTimeout(deadline);
      reject(error);
    });
    req.once('response', (res) => {
      const chunks: Buffer[] = [];
      let bytes = 0;
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (bytes > MAX_ANSWER_BYTES) req.destroy(new Error('answer too large'));
        else chunks.push(chunk);
      });
      res.once('end', () => {
        clearTimeout(deadline);
        if (res.statusCode !== 200) return resolve(null);
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown);
        } catch {
          resolve(null);
        }
      });
    });
    req.end();
  });
}
