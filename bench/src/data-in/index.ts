import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { logProgress } from '../log-progress.js';
import type { Section } from '../report.js';
import { measureParquet } from './measure-parquet.js';
import { measureParse } from './measure-parse.js';
import { measureScore100k } from './measure-score-100k.js';
import { measureTrain10m } from './measure-train-10m.js';
import { measureTrain284k } from './measure-train-284k.js';

/** Issue 15's sections, each runnable alone with --only; train-10m (2.5 GB, tens of minutes) only when asked for. */
export const DATA_IN_SECTIONS = ['parse', 'score-100k', 'train-284k', 'parquet', 'train-10m'] as const;
export type DataInSection = (typeof DATA_IN_SECTIONS)[number];

export interface DataInOptions {
  quick: boolean;
  isSklearnInstalled: boolean;
}

const MEASURE: Record<DataInSection, (workDir: string, options: DataInOptions) => Promise<Section>> = {
  parse: (workDir, { quick }) => measureParse(workDir, quick),
  'score-100k': (workDir, { isSklearnInstalled }) => measureScore100k(workDir, isSklearnInstalled),
  'train-284k': (workDir, { quick, isSklearnInstalled }) => measureTrain284k(workDir, quick, isSklearnInstalled),
  'train-10m': (workDir, { quick, isSklearnInstalled }) => measureTrain10m(workDir, quick, isSklearnInstalled),
  parquet: (workDir, { quick }) => measureParquet(workDir, quick),
};

/**
 * Runs one data-in section in its own temp dir (its files are gigabytes at most and gone after). A section that
 * fails becomes a "failed" table with the reason, so the sections before and after it still report; each table
 * carries the load average, since every figure here is a wall time on a shared machine.
 */
export async function runDataInSection(name: DataInSection, options: DataInOptions): Promise<Section> {
  const workDir = await mkdtemp(join(tmpdir(), `tabula-bench-${name}-`));
  const loadBefore = loadavg()[0];
  try {
    const section = await MEASURE[name](workDir, options);
    section.notes.push(`1-minute load average ${loadBefore.toFixed(2)} before the section and ${loadavg()[0].toFixed(2)} after it.`);
    return section;
  } catch (error) {
    logProgress(`${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    const message = error instanceof Error ? error.message : String(error);
    return { title: `Data in: ${name}`, columns: ['result'], rows: [['failed']], notes: [`The ${name} section stopped: ${message.slice(0, 1_000)}`] };
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}
