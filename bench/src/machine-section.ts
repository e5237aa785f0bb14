import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import type { Section } from './report.js';

/** When and where the numbers were taken: they compare only within one run on one machine. */
export function describeMachine(sklearnVersion: string): Section {
  return {
    title: 'Machine',
    columns: ['', ''],
    rows: [
      ['date', new Date().toISOString()],
      ['Node.js', process.version],
      ['CPU', cpus()[0]?.model ?? 'unknown'],
      ['cores', availableParallelism()],
      ['memory', `${(totalmem() / 2 ** 30).toFixed(1)} GiB`],
      // Other work on the machine slows every engine, the 2-worker rows most: read the times with it.
      ['load average at start (1 min)', loadavg()[0].toFixed(2)],
      ['scikit-learn', sklearnVersion],
    ],
    notes: [],
  };
}
