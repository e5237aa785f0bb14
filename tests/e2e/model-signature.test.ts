import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ModelMetadataSchema, ModelSchemaResponseSchema, PredictResponseSchema } from '@tabula/contracts';
import { errorText, expectError, expectStatus } from '../support/expectations.js';
import { get, getJson, postJson } from '../support/http.js';
import { startPlatform, type Platform } from '../support/platform.js';
import { IRIS_FEATURES, trainOk } from '../support/tabula.js';

// The model signature through the gateway, in either store mode (TABULA_E2E_STORE=postgres: the schema is read from
// the version's row in PostgreSQL): train samples/iris.csv, read the schema, send records that break it (one 422
// listing every offending field), then the same with schema_enforcement=warn (scored, with the warnings).

const SETOSA = { 'sepal.length': 5.1, 'sepal.width': 3.5, 'petal.length': 1.4, 'petal.width': 0.2 };
const BAD = [SETOSA, { ...SETOSA, 'sepal.width': 'wide' }, { ...SETOSA, 'petal.length': null, 'petal.width': 'x' }];

describe('the model signature, through the gateway', () => {
  let platform: Platform;

  beforeAll(async () => {
    platform = await startPlatform();
    await trainOk(platform, { model_name: 'default' });
  }, 120_000);

  afterAll(async () => {
    await platform?.stopAll();
  });

  it('GET /models/{name}/versions/{version}/schema should answer the input schema and example stored with the version', async () => {
    const res = await getJson(`${platform.gatewayUrl}/models/default/versions/latest/schema`);

    expectStatus(res, 200);
    const schema = ModelSchemaResponseSchema.parse(res.body);
    expect(schema).toMatchObject({ model_name: 'default', model_version: 1, derived: false, target_column: 'variety' });
    expect(schema.input_schema.columns.map((c) => [c.name, c.type, c.required])).toEqual(IRIS_FEATURES.map((name) => [name, 'numeric', true]));
    expect(schema.input_schema.columns.find((c) => c.name === 'petal.length')).toMatchObject({ min: 1, max: 6.9 });
    expect(schema.input_example).toHaveLength(3);

    // The same, stored inside the version's metadata (metadata.json, or its row in PostgreSQL).
    const metadata = ModelMetadataSchema.parse((await getJson(`${platform.gatewayUrl}/models/default/versions/1`)).body);
    expect(metadata.signature.input_schema).toEqual(schema.input_schema);
  });

  it('should answer one 422 naming every offending field of every record', async () => {
    const res = await postJson(`${platform.gatewayUrl}/predict_batch`, BAD);

    expectError(res, ['INVALID_VALUE'], platform);
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toEqual(['row 2.sepal.width', 'row 3.petal.length', 'row 3.petal.width']);
    expect(errorText(res)).toContain('schema_enforcement=warn');
  });

  it('with schema_enforcement=warn should score every record and answer the warnings', async () => {
    const res = await postJson(`${platform.gatewayUrl}/predict_batch?schema_enforcement=warn`, BAD);

    expectStatus(res, 200);
    const answer = PredictResponseSchema.parse(res.body);
    expect(answer.predictions).toHaveLength(3);
    expect(answer.warnings?.map((w) => `${w.row}:${w.column}:${w.rule}`)).toEqual([
      '2:sepal.width:wrong_type',
      '3:petal.length:missing_value',
      '3:petal.width:wrong_type',
    ]);
  });

  it('should show the input example as the JSON predict body in the documentation', async () => {
    const example = ModelSchemaResponseSchema.parse((await getJson(`${platform.gatewayUrl}/models/default/versions/1/schema`)).body).input_example;
    const script = await get(`${platform.gatewayUrl}/docs/swagger-ui-init.js`);

    expectStatus(script, 200);
    const doc = JSON.parse(script.text.slice(script.text.indexOf('"swaggerDoc"') + '"swaggerDoc":'.length, script.text.indexOf(',\n  "customOptions"'))) as {
      paths: Record<string, { post: { requestBody: { content: Record<string, { example?: unknown }> } } }>;
    };
    expect(doc.paths['/predict_batch'].post.requestBody.content['application/json'].example).toEqual(example);
    expect(doc.paths['/predict'].post.requestBody.content['application/json'].example).toEqual(example?.[0]);
  });
});
