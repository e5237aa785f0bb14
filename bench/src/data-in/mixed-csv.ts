import { createUniformRng } from '@tabula/tabular';
import { writeCsvRows, type WrittenCsv } from '../write-csv-rows.js';

const CITIES = ['Berlin', 'Lyon', 'Porto', 'Oslo', 'Turin', 'Ghent', 'Cork', 'Brno', 'Graz', 'Lund'];
const PLANS = ['free', 'basic', 'pro', 'team', 'enterprise'];
const CHANNELS = ['web', 'app', 'phone', 'partner'];
const NAMES = ['Smith, J', 'Dupont, M', 'Rossi, A', 'Novak, P', 'Berg, K'];
const N_NUMERIC = 10;
const HEADER = [
  'id',
  ...Array.from({ length: N_NUMERIC }, (_, i) => `x${i + 1}`),
  'city',
  'plan',
  'channel',
  '"customer, name"',
  'comment',
  'note',
  'signup_date',
  'last_seen',
  'is_active',
].join(',');

/**
 * A 20-column file of the kinds a real export mixes: an id, 10 numeric columns with 2 % empty cells and some "NA",
 * three categorical columns, three quoted text columns holding commas, escaped quotes and (in a few rows) a line
 * break, an ISO date, a timestamp and a boolean; the header itself quotes a name with a comma.
 */
export function writeMixedCsv(path: string, rows: number, seed: number): Promise<WrittenCsv> {
  const random = createUniformRng(seed);
  const pick = <T>(items: T[]): T => items[(random() * items.length) | 0];
  return writeCsvRows(path, HEADER, { rows }, (row) => {
    let line = String(row + 1);
    for (let i = 0; i < N_NUMERIC; i++) {
      const draw = random();
      line += draw < 0.02 ? ',' : draw < 0.025 ? ',NA' : `,${((random() - 0.5) * 200).toFixed(4)}`;
    }
    const day = 1 + ((row * 7) % 28);
    const comment = random() < 0.01 ? `"first line\nsecond, line"` : `"said ""ok"", then left"`;
    return (
      `${line},${pick(CITIES)},${pick(PLANS)},${pick(CHANNELS)},"${pick(NAMES)}",${comment},"order #${row % 977}, ${pick(PLANS)}"` +
      `,2024-0${1 + (row % 9)}-${String(day).padStart(2, '0')},2024-03-0${1 + (row % 9)}T1${row % 10}:2${row % 10}:00Z,${random() < 0.5}`
    );
  });
}
