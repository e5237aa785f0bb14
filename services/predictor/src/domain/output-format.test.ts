import { describe, expect, it } from '@jest/globals';
import { csvHeaderLine, formatRows, outputFormatOf, type OutputFormat } from './output-format.js';

describe('outputFormatOf', () => {
  it.each<[OutputFormat | undefined, string | undefined, OutputFormat]>([
    [undefined, undefined, 'json'],
    [undefined, 'application/json', 'json'],
    [undefined, '*/*', 'json'],
    [undefined, 'text/csv', 'csv'],
    [undefined, 'text/csv;q=0.9, application/json', 'csv'],
    [undefined, 'application/x-ndjson', 'ndjson'],
    ['json', 'text/csv', 'json'],
    ['ndjson', undefined, 'ndjson'],
    [undefined, 'application/vnd.apache.parquet', 'parquet'],
    ['parquet', 'text/csv', 'parquet'],
  ])('format=%s, Accept: %s → %s', (format, accept, expected) => {
    expect(outputFormatOf(format, accept)).toBe(expected);
  });
});

describe('formatRows', () => {
  const labels = ['yes', 'no, never'];
  const prediction = { predictions: ['yes', 'no, never'], probabilities: [{ yes: 0.75, 'no, never': 0.25 }, { yes: 0.1, 'no, never': 0.9 }] };

  it('should write CSV rows numbered from firstRow, quoting cells that need it', () => {
    expect(csvHeaderLine(labels, true)).toBe('row,prediction,proba_yes,"proba_no, never"\n');
    expect(formatRows('csv', prediction, 41, labels)).toBe('41,yes,0.75,0.25\n42,"no, never",0.1,0.9\n');
    expect(formatRows('csv', { predictions: [1.5, 2] }, 1, null)).toBe('1,1.5\n2,2\n');
  });

  it('should write one JSON object per NDJSON line', () => {
    const lines = formatRows('ndjson', prediction, 7, labels).trimEnd().split('\n').map((line) => JSON.parse(line));
    expect(lines).toEqual([
      { row: 7, prediction: 'yes', probabilities: { yes: 0.75, 'no, never': 0.25 } },
      { row: 8, prediction: 'no, never', probabilities: { yes: 0.1, 'no, never': 0.9 } },
    ]);
  });
});
