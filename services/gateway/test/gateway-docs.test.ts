import { beforeAll, describe, expect, it } from '@jest/globals';
import {
  DriftFormSchema,
  ERROR_STATUS,
  JobListQuerySchema,
  MonitoringQuerySchema,
  PerformanceFormSchema,
  PredictFormSchema,
  PredictQuerySchema,
  TrainFormSchema,
  TrainModeSchema,
  type ErrorCode,
} from '@tabula/contracts';
import { ServiceMetrics, createLogger } from '@tabula/service-kit';
import request from 'supertest';
import { createApp } from '#dist/app.js';
import type { Upstream } from '#dist/upstream/forward-request.js';
import { testUpstream } from './test-upstream.js';

// The gateway's /openapi.json as Swagger UI reads it: what a newcomer sees in /docs, and what
// "Try it out" sends when only the required fields are filled in.

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const TAGS = ['train', 'predict', 'registry', 'jobs', 'monitoring', 'operations'];
/** A string that is one of `values` ('' included), as an asymmetric matcher. */
const oneOf = (values: string[]) => expect.stringMatching(new RegExp(`^(${values.map((v) => v.replace(/\W/g, '\\$&')).join('|')})$`));

/** What the test needs of a zod schema. */
interface Parser {
  parse(value: unknown): unknown;
  safeParse(value: unknown): { success: boolean; data?: unknown };
}
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

/** Upstreams that are never called: the document is all this test reads. */
const upstream = (name: string): Upstream => testUpstream(name);

/**
 * The value Swagger UI 5 puts in a field when "Try it out" opens (request-body.jsx and
 * parameter-row.jsx): a form field gets its example, else its default (null shows as "null"),
 * else the first enum value, else a sample of its type (an integer's maximum, `true`, "string");
 * a parameter gets its example, else its default, else nothing. '' means the field is left
 * empty and not sent.
 */
function prefilled(schema: Json, where: 'form' | 'parameter'): string {
  const plain = 'example' in schema ? schema.example : 'default' in schema ? schema.default : undefined;
  if (plain === null && where === 'parameter') return '';
  if (plain !== undefined) return typeof plain === 'string' ? plain : JSON.stringify(plain);
  if (where === 'parameter') return '';
  if (Array.isArray(schema.enum)) return String(schema.enum[0]);
  if (schema.type === 'boolean') return 'true';
  if (schema.type === 'integer' || schema.type === 'number') return String(schema.maximum ?? schema.minimum ?? 0);
  return schema.format === 'binary' ? '' : 'string';
}

interface Field {
  operation: string;
  name: string;
  where: 'form' | 'parameter';
  in: string;
  required: boolean;
  description: string | undefined;
  schema: Json;
}

describe('the gateway OpenAPI document, as Swagger UI shows it', () => {
  let doc: Json;
  const operations: Array<{ id: string; operation: Json }> = [];
  const fields: Field[] = [];

  const resolve = (node: Json): Json => (typeof node?.$ref === 'string' ? resolve(doc.components.schemas[node.$ref.replace('#/components/schemas/', '')]) : node);

  beforeAll(async () => {
    const app = createApp({
      logger: createLogger('test', 'silent'),
      metrics: new ServiceMetrics('gateway'),
      access: { corsOrigins: [] },
      trustProxy: false,
      trainer: upstream('trainer'),
      predictor: upstream('predictor'),
      timeouts: { trainMs: 1_000, predictMs: 1_000, readMs: 1_000 },
    });
    doc = (await request(app).get('/openapi.json').expect(200)).body as Json;
    for (const [path, item] of Object.entries(doc.paths as Json)) {
      for (const method of METHODS.filter((m) => item[m])) {
        const id = `${method.toUpperCase()} ${path}`;
        const operation = item[method] as Json;
        operations.push({ id, operation });
        for (const param of (operation.parameters ?? []) as Json[]) {
          fields.push({ operation: id, name: param.name, where: 'parameter', in: param.in, required: param.required === true, description: param.description, schema: resolve(param.schema) });
        }
        const form = operation.requestBody?.content?.['multipart/form-data']?.schema;
        if (!form) continue;
        const body = resolve(form);
        for (const [name, schema] of Object.entries((body.properties ?? {}) as Json)) {
          const resolved = resolve(schema);
          fields.push({ operation: id, name, where: 'form', in: 'form', required: (body.required ?? []).includes(name), description: resolved.description, schema: resolved });
        }
      }
    }
  });

  it('should put every operation in exactly one tag of train, predict, registry, jobs, monitoring, operations', () => {
    const tagged = operations.map(({ id, operation }) => ({ id, tags: operation.tags }));
    expect(tagged).toEqual(operations.map(({ id }) => ({ id, tags: [oneOf(TAGS)] })));
    expect((doc.tags as Json[]).map((tag) => tag.name)).toEqual(TAGS);
    for (const tag of doc.tags as Json[]) expect(tag.description).toEqual(expect.stringMatching(/\w+ \w+/));
  });

  it('should file the health, readiness, metrics and docs routes under operations', () => {
    for (const path of ['/health', '/ready', '/metrics', '/openapi.json']) expect({ path, tags: doc.paths[path]?.get?.tags }).toEqual({ path, tags: ['operations'] });
  });

  it('should describe every form field and every parameter', () => {
    const undescribed = fields.filter((field) => !(field.description ?? '').trim()).map((field) => `${field.operation} ${field.in} ${field.name}`);
    expect(undescribed).toEqual([]);
  });

  it('should document the headers a prediction answers with, and the 408 of a stalled upload', () => {
    for (const id of ['POST /predict', 'POST /predict_batch']) {
      const operation = operations.find((op) => op.id === id)?.operation as Json;
      expect({ id, headers: Object.keys(operation.responses['200'].headers ?? {}) }).toEqual({ id, headers: ['x-model-name', 'x-model-version', 'x-ignored-columns'] });
      expect({ id, has408: '408' in operation.responses }).toEqual({ id, has408: true });
    }
    const read = operations.find((op) => op.id === 'GET /models')?.operation as Json;
    expect('408' in read.responses).toBe(false);
  });

  it('should declare async once on POST /train (a query parameter; the form field is mentioned in its description)', () => {
    const asyncFields = fields.filter((field) => field.operation === 'POST /train' && field.name === 'async');
    expect(asyncFields.map((field) => field.in)).toEqual(['query']);
    expect(asyncFields[0].description).toMatch(/form field/);
  });

  it('should show in each error example a code that answers with that status: UNAUTHORIZED for 401, FORBIDDEN for 403', () => {
    const mismatched: string[] = [];
    for (const { id, operation } of operations) {
      for (const [status, response] of Object.entries((operation.responses ?? {}) as Json)) {
        const media = response.content?.['application/json'];
        if (media?.schema?.$ref !== '#/components/schemas/Error') continue;
        const code = media.example?.error?.code as ErrorCode | undefined;
        if (code === undefined || ERROR_STATUS[code] !== Number(status)) mismatched.push(`${id} ${status}: ${code}`);
      }
    }
    expect(mismatched).toEqual([]);
    const train = doc.paths['/train'].post.responses;
    expect([train[401], train[403], train[429]].map((r: Json) => r.content['application/json'].example.error.code)).toEqual([
      'UNAUTHORIZED',
      'FORBIDDEN',
      'TOO_MANY_REQUESTS',
    ]);
  });

  describe('"Try it out" on a fresh install, with only the required fields filled in', () => {
    /**
     * The schema each service parses a form or query with, and working values for its required
     * fields: an optional field Swagger UI pre-fills must parse as if it were left out, so that
     * Execute does what the defaults do.
     */
    const PARSED_BY: Record<string, { schema: Parser; required: Record<string, string> }> = {
      'POST /train form': { schema: TrainFormSchema, required: { target_column: 'variety' } },
      'POST /train query': { schema: TrainModeSchema, required: {} },
      'POST /predict form': { schema: PredictFormSchema, required: {} },
      'POST /predict query': { schema: PredictQuerySchema, required: {} },
      'POST /predict_batch query': { schema: PredictQuerySchema, required: {} },
      'GET /jobs query': { schema: JobListQuerySchema, required: {} },
      'POST /monitoring/performance form': { schema: PerformanceFormSchema, required: { target_column: 'variety' } },
      'POST /monitoring/drift form': { schema: DriftFormSchema, required: {} },
      'GET /monitoring/{kind} query': { schema: MonitoringQuerySchema, required: {} },
    };

    it('should pre-fill no optional form field or query parameter with a value that changes what the call does', () => {
      const changed: string[] = [];
      for (const field of fields.filter((f) => f.in === 'form' || f.in === 'query')) {
        if (field.schema.format === 'binary') continue;
        const key = `${field.operation} ${field.in}`;
        const parsedBy = PARSED_BY[key];
        if (!parsedBy) {
          changed.push(`${key} has no entry in PARSED_BY: add the schema the service parses it with`);
          continue;
        }
        const value = prefilled(field.schema, field.where);
        if (field.required || value === '') continue;
        const given = parsedBy.schema.safeParse({ ...parsedBy.required, [field.name]: value });
        const left = parsedBy.schema.parse(parsedBy.required);
        if (!given.success || JSON.stringify(given.data) !== JSON.stringify(left)) changed.push(`${key} ${field.name}=${value}`);
      }
      expect(changed).toEqual([]);
    });

    it('should pre-fill a required field only with what samples/iris.csv needs (target_column=variety), else leave it empty', () => {
      const required = fields.filter((f) => f.required && f.in !== 'path' && f.schema.format !== 'binary');
      expect(required.map((f) => ({ at: `${f.operation} ${f.name}`, value: prefilled(f.schema, f.where) }))).toEqual(
        required.map((f) => ({ at: `${f.operation} ${f.name}`, value: f.name === 'target_column' ? 'variety' : '' })),
      );
    });

    it('should pre-fill path parameters only with what exists once a model is trained with the defaults', () => {
      const works: Record<string, string[]> = { name: ['', 'default'], version: ['', 'latest', '1'], alias: [''], id: [''], kind: ['', 'performance', 'drift'] };
      const paths = fields.filter((f) => f.in === 'path').map((f) => ({ at: `${f.operation} ${f.name}`, value: prefilled(f.schema, 'parameter') }));
      expect(paths).toEqual(paths.map(({ at }) => ({ at, value: oneOf(works[at.split(' ').pop() ?? ''] ?? ['']) })));
    });

    it('should pre-fill the JSON body of PUT /models/{name}/aliases/{alias} with version 1, the one a fresh install has', () => {
      const media = doc.paths['/models/{name}/aliases/{alias}'].put.requestBody.content['application/json'];
      expect(media.example ?? resolve(media.schema).example).toEqual({ version: 1 });
    });
  });
});
