import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ModelMetadata } from '@tabula/contracts';
import { openModelStore, type ModelStore } from '../open-model-store.js';
import { makeDraft, makeFiles, makeReport } from '../test-fixtures.js';

/** What makeFolderStore put in the folder, for the migration tests to compare the cluster with. */
export const FOLDER_CONTENT = {
  iris: { versions: [1, 3], deleted: [2, 4], aliases: { production: 3, staging: 1 } },
  churn: { versions: [1, 2], deleted: [], aliases: { production: 2 } },
} as const;

const filesOf = (model: string, index: number) => ({ ...makeFiles(), 'extra.json': new TextEncoder().encode(`{"model":"${model}","index":${index}}`) });

/**
 * A folder store as embedded mode leaves it: iris with versions 1 and 3 (2 and 4 deleted, so its numbers have a
 * gap and a deleted last number), two aliases and three performance reports; churn with a rejected version 1 and a
 * version 2 with raw array files (dtype and shape in its metadata), an alias and a report.
 */
export async function makeFolderStore(root: string): Promise<ModelStore> {
  const store = openModelStore(root);
  for (let index = 1; index <= 4; index += 1) {
    await store.createVersion(makeDraft('iris', { metrics: { accuracy: 0.9 + index / 100 } }), filesOf('iris', index));
  }
  await store.deleteVersion('iris', 2);
  await store.deleteVersion('iris', 4);
  await store.setAlias('iris', 'production', 3);
  await store.setAlias('iris', 'staging', 1);
  await store.writeMonitoringReport(makeReport(3, 10, 0.91));
  await store.writeMonitoringReport(makeReport(3, 20, 0.93));
  await store.writeMonitoringReport(makeReport(1, 5, 0.88));

  await store.createVersion(makeDraft('churn', { status: 'rejected', rejection_reasons: ['accuracy 0.51 is below min_accuracy 0.8'] }), filesOf('churn', 1));
  const thresholds = new Uint8Array(new Float64Array([0.5, 1.5, 2.5]).buffer);
  await store.createVersion(makeDraft('churn'), { ...filesOf('churn', 2), 'forest.threshold.f64': thresholds }, { 'forest.threshold.f64': { dtype: 'float64', shape: [3] } });
  await store.setAlias('churn', 'production', 2);
  await store.writeMonitoringReport({ ...makeReport(2, 30, 0.85), model_name: 'churn' });
  return store;
}

/** Flips a byte of one artifact file of a folder version, so that its sha256 no longer matches. */
export async function corruptArtifact(root: string, name: string, version: number, file = 'extra.json'): Promise<void> {
  const path = join(root, name, String(version), file);
  const bytes = await readFile(path);
  bytes[0] ^= 0xff;
  await writeFile(path, bytes);
}

/** Metadata as the row stores it, through JSON (absent optional keys are no difference), for toEqual. */
export const plainMetadata = (metadata: ModelMetadata[]): unknown => JSON.parse(JSON.stringify(metadata));
