/**
 * One cold load, in a process of its own (no JIT warmth, no cached model): the predictor's load of a
 * version, timed from the first file read to a model ready to predict. Prints one JSON line.
 *
 *   node bench/dist/model-files/cold-load.js <models dir> <name> <version>
 */
import { openModelStore } from '@tabula/model-store';
import { loadTabularModel } from '@tabula/tabular';

const [root, name, versionText] = process.argv.slice(2);
const store = openModelStore(root);
const version = Number(versionText);

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
