import { invalidInput, type PredictForm, type PredictResponse } from '@tabula/contracts';
import { parseCsvFile, type Frame } from '@tabula/tabular';
import type { ModelRegistry } from './model-registry.js';

export interface PredictCsvInput {
  csvPath: string;
  form: PredictForm;
}

/** Decode (CSV → frame) → get name@version → predict → encode, as KServe's data plane does. */
export async function predictCsv({ csvPath, form }: PredictCsvInput, registry: ModelRegistry): Promise<PredictResponse> {
  const loaded = await registry.get(form.model_name, form.model_version);
  const frame = dropColumns(await parseCsvFile(csvPath), form.columns_to_drop);
  const { predictions, probabilities } = loaded.model.predict(frame, { returnProba: form.return_proba });
  return {
    predictions,
    ...(probabilities ? { probabilities } : {}),
    model_name: loaded.name,
    model_version: loaded.version,
  };
}

export function dropColumns(frame: Frame, names: string[]): Frame {
  if (names.length === 0) return frame;
  const unknown = names.filter((name) => !frame.columns.includes(name));
  if (unknown.length > 0) {
    throw invalidInput(`columns_to_drop names ${unknown.map((n) => `"${n}"`).join(', ')}, not in the file.`, {
      hint: `Columns in the file: ${frame.columns.map((c) => `"${c}"`).join(', ')}.`,
      details: unknown.map((name) => ({ path: 'columns_to_drop', message: `"${name}" is not a column of the file` })),
    });
  }
  const keep = frame.columns.map((_, i) => i).filter((i) => !names.includes(frame.columns[i]));
  return { columns: keep.map((i) => frame.columns[i]), nRows: frame.nRows, values: keep.map((i) => frame.values[i]) };
}
