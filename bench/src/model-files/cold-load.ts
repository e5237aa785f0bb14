/**
 * One cold load, in a process of its own (no JIT warmth, no cached model): the predictor's load of a
 * version, timed from the first file read to a model ready to predict. Prints one JSON line.
 *
 *   MODELS_DIR=<models dir> node bench/dist/model-files/cold-load.js <name> <version>
 *
 * The store comes from the same settings the services read (MODELS_DIR, or DATABASE_URL + ARTIFACTS_URI
 * + S3_*), so one script times the folder store and the cluster's PostgreSQL registry alike.
 */
import { StoreEnvSchema, openConfiguredStore, storeSpecOf } from '@tabula/model-store';
import { loadTabularModel } from '@tabula/tabular';

const [name, versionText] = process.argv.slice(2);
// Opening (connecting, migrations, the artifact store's probe) is the service's start-up, not the load: untimed.
const store = await openConfiguredStore(storeSpecOf(StoreEnvSchema.parse(process.env)));
const version = Number(versionText);

try {
  const startedAt = performance.now();
  // What ModelRegistry.load does: read every artifact (size and sha256 checked against metadata.json)…
  const files = await store.readArtifacts(name, version);
  const readAt = performance.now();
  // …then parse model.json, decode or view the arrays, validate every node and build the walk tables.
  const model = loadTabularModel(files);
  const readyAt = performance.now();

  process.stdout.write(
    `${JSON.stringify({ readMs: readAt - startedAt, decodeMs: readyAt - readAt, totalMs: readyAt - startedAt, memoryBytes: model.memoryBytes })}\n`,
  );
} finally {
  await store.close();
}
