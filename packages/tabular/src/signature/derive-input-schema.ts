import type { DataReport, InputColumn, InputSchema, ModelMetadata } from '@tabula/contracts';

/**
 * The input schema of a version trained before schemas were stored, from what its metadata kept: the
 * feature types, and, when it has a data report, each column's missing count (none: required), its
 * numeric range and its count of distinct values. The report kept only the most frequent categories,
 * so no category list is given and categories are not checked. Without a report every column is
 * required, as those versions refused a file that lacked one.
 */
export function deriveInputSchema(signature: Pick<ModelMetadata['signature'], 'features'>, dataReport: DataReport | null): InputSchema {
  const reported = new Map((dataReport?.columns ?? []).map((column) => [column.name, column]));
  return {
    columns: signature.features.map((feature): InputColumn => {
      const report = reported.get(feature.name);
      const required = report === undefined ? true : report.missing === 0;
      if (feature.type === 'numeric') {
        const range = report?.type === 'numeric' && report.min !== undefined && report.max !== undefined ? { min: report.min, max: report.max } : {};
        return { name: feature.name, type: 'numeric', required, ...range };
      }
      const count = feature.type === 'categorical' && report !== undefined ? { n_categories: report.distinct } : {};
      return { name: feature.name, type: feature.type, required, ...count };
    }),
  };
}
