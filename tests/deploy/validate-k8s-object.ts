import * as apps from 'kubernetes-models/apps/v1';
import * as autoscaling from 'kubernetes-models/autoscaling/v2';
import * as networking from 'kubernetes-models/networking.k8s.io/v1';
import * as policy from 'kubernetes-models/policy/v1';
import * as core from 'kubernetes-models/v1';
import type { K8sObject } from './render-overlay.js';

/** A kubernetes-models class: built from an object's data, it checks it against the Kubernetes OpenAPI schema. */
interface ModelClass {
  apiVersion: string;
  kind: string;
  new (data: object): { validate(): void };
}

const isModelClass = (value: unknown): value is ModelClass =>
  typeof value === 'function' && typeof (value as Partial<ModelClass>).apiVersion === 'string' && typeof (value as Partial<ModelClass>).kind === 'string';

/**
 * Every top-level kind of the API groups our manifests use, by "apiVersion/kind". A kind outside these groups (or an
 * apiVersion Kubernetes removed, such as policy/v1beta1) has no entry, which the caller reports as an error rather
 * than letting it pass unchecked.
 */
const MODELS: ReadonlyMap<string, ModelClass> = new Map(
  [core, apps, autoscaling, networking, policy]
    .flatMap((group) => Object.values(group))
    .filter(isModelClass)
    .map((model) => [`${model.apiVersion}/${model.kind}`, model]),
);

/**
 * What is wrong with one rendered object by the Kubernetes schemas (kubernetes-models 4.x, Kubernetes 1.3x): types,
 * required fields, enums and formats. Empty when it is valid. The schemas do not refuse unknown fields, so a
 * misspelled field passes here: the invariant tests read the fields that matter by their right names.
 */
export function validateK8sObject(object: K8sObject): string[] {
  const where = `${object.kind ?? '?'} ${object.metadata?.name ?? '?'}`;
  const model = MODELS.get(`${object.apiVersion}/${object.kind}`);
  if (!model) return [`${where}: no schema for apiVersion ${object.apiVersion} kind ${object.kind}`];
  const { apiVersion: _apiVersion, kind: _kind, ...data } = object;
  try {
    new model(data).validate();
    return [];
  } catch (error) {
    return [`${where}: ${(error as Error).message}`];
  }
}
