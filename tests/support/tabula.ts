import { expect } from '@jest/globals';
import { postForm, type ApiResponse, type FilePart } from './http.js';
import type { Platform } from './platform.js';
import { expectStatus } from './expectations.js';

export const IRIS = 'samples/iris.csv';
export const IRIS_PREDICT = 'samples/iris_predict.csv';
export const CHURN = 'samples/customer_churn.csv';
export const CHURN_PREDICT = 'samples/customer_churn_predict.csv';
export const IRIS_FEATURES = ['sepal.length', 'sepal.width', 'petal.length', 'petal.width'];

/** A small, seeded forest: enough for iris and quick on two cores. */
export const SMALL_FOREST = '{"n_estimators": 25, "random_state": 7}';

export const csvPart = (path: string): FilePart => ({ path, type: 'text/csv' });
export const csvBytes = (content: string | Uint8Array, filename = 'data.csv'): FilePart => ({
  content,
  filename,
  type: 'text/csv',
});

/** POST /train through the gateway: iris with target variety unless the fields say otherwise. */
export function train(
  platform: Platform,
  fields: Record<string, string> = {},
  file: FilePart = csvPart(IRIS),
): Promise<ApiResponse> {
  return postForm(
    `${platform.gatewayUrl}/train`,
    { model_type: 'RandomForestClassifier', model_params: SMALL_FOREST, target_column: 'variety', columns_to_drop: '', ...fields },
    { dataset_file: file },
  );
}

/** Like train(), and expects 201. */
export async function trainOk(platform: Platform, fields: Record<string, string> = {}, file?: FilePart): Promise<ApiResponse> {
  const res = await train(platform, fields, file);
  expectStatus(res, 201);
  return res;
}

/** POST /predict through the gateway: samples/iris_predict.csv dropping variety unless told otherwise. */
export function predict(
  platform: Platform,
  fields: Record<string, string> = {},
  file: FilePart = csvPart(IRIS_PREDICT),
): Promise<ApiResponse> {
  return postForm(`${platform.gatewayUrl}/predict`, { columns_to_drop: '["variety"]', ...fields }, { input_file: file });
}

export async function predictOk(platform: Platform, fields: Record<string, string> = {}, file?: FilePart): Promise<ApiResponse> {
  const res = await predict(platform, fields, file);
  expectStatus(res, 200);
  return res;
}

/** How many predictions equal the expected labels, position by position. */
export function countAgreeing(predictions: unknown[], expected: string[]): number {
  expect(predictions).toHaveLength(expected.length);
  return predictions.filter((p, i) => p === expected[i]).length;
}
