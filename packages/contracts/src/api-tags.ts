/**
 * The groups of the documented API, in the order Swagger UI shows them. Every operation is in
 * exactly one (its `tags` when registered); each service's document lists the ones it uses.
 */
export const API_TAGS = [
  { name: 'train', description: 'Train a model on a CSV upload; each training stores a new version' },
  { name: 'predict', description: 'Score rows with a stored version: a CSV upload or JSON records' },
  { name: 'registry', description: 'Stored models and versions: list, inspect, aliases, delete, export and import' },
  { name: 'jobs', description: 'Trainings as background jobs: follow POST /train?async=true' },
  { name: 'monitoring', description: "A version's metrics on labelled data, and the drift of new data from its training data" },
  { name: 'operations', description: 'Liveness and readiness probes, Prometheus metrics and this documentation' },
] as const;
export type ApiTag = (typeof API_TAGS)[number]['name'];

/** The `tags` of an operation: exactly one, by name. */
export const oneTag = (tag: ApiTag): string[] => [tag];
