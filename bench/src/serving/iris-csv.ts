import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { REPO_ROOT } from '@tabula/tests/support/platform.js';
import type { SyntheticCsvFile } from './synthetic-csv.js';

/** samples/iris.csv as its header line and its data lines (the variety column included, as the README's iris_predict.csv has it). */
async function readIrisLines(): Promise<{ header: string; rows: string[] }> {
  const [header, ...rows] = (await readFile(join(REPO_ROOT, 'samples/iris.csv'), 'utf8')).trim().split('\n');
  return { header, rows };
}

/** 32 rows of iris spread over the three classes. */
export async function irisCsv32(): Promise<Buffer> {
  const { header, rows } = await readIrisLines();
  const picked = Array.from({ length: 32 }, (_, i) => rows[Math.floor((i * rows.length) / 32)]);
  return Buffer.from(`${[header, ...picked].join('\n')}\n`);
}

/** An iris-shaped file of `rows` rows (5 columns): the 150 rows of samples/iris.csv repeated in order. */
export async function writeIrisCsv(path: string, rows: number): Promise<SyntheticCsvFile> {
  const iris = await readIrisLines();
  const lines = Array.from({ length: rows }, (_, i) => iris.rows[i % iris.rows.length]);
  const text = `${[iris.header, ...lines].join('\n')}\n`;
  await writeFile(path, text);
  return { path, rows, bytes: Buffer.byteLength(text) };
}
