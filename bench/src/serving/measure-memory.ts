import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { SERVICE_NAMES, type ServiceName } from '@tabula/tests/support/platform.js';
import type { Section } from '../report.js';
import { createAgent } from './http-client.js';
import { describeLogs, describeStream } from './measure-batch-interference.js';
import { logProgress } from '../log-progress.js';
import { startRssSampler, type RssPeak } from './rss-sampler.js';
import { BENCH_MODEL, type ServingSetup } from './serving-setup.js';
import { streamProblem, streamScore } from './stream-score.js';
import { writeSyntheticCsv } from './synthetic-csv.js';

const SAMPLE_INTERVAL_MS = 100;

export interface MemoryResult {
  section: Section;
  streamBytes: number;
  peaks: Record<ServiceName, RssPeak>;
  /** Why the stream did not come back whole, when it did not. */
  streamProblem?: string;
}

const mb = (bytes: number) => bytes / (1024 * 1024);

/**
 * Peak memory of each service while one large CSV is streamed through the gateway and answered as
 * streamed CSV. The services are restarted first, so VmHWM covers this run and not the training.
 */
export async function measureMemory(setup: ServingSetup, workDir: string, streamBytes: number): Promise<MemoryResult> {
  const { platform } = setup;
  logProgress(`serving: memory: writing a ${mb(streamBytes).toFixed(0)} MB CSV`);
  const file = await writeSyntheticCsv({ path: join(workDir, 'memory.csv'), bytes: streamBytes, withLabel: false, seed: 3 });
  const agent = createAgent(1);
  try {
    logProgress('serving: memory: restarting the services so that their peak counters start fresh');
    for (const name of SERVICE_NAMES) {
      await platform.stop(name);
      await platform.start(name);
    }
    const pids = Object.fromEntries(SERVICE_NAMES.map((name) => [name, platform.pid(name)!])) as Record<ServiceName, number>;
    logProgress(`serving: memory: streaming ${file.rows} rows (${mb(file.bytes).toFixed(0)} MB) through the gateway`);
    const sampler = startRssSampler(pids, SAMPLE_INTERVAL_MS);
    const streamed = await streamScore(new URL(`/predict?format=csv&model_name=${BENCH_MODEL}`, platform.gatewayUrl), file.path, agent);
    const peaks = sampler.stop();
    const problem = streamProblem(streamed, file.rows);
    if (problem !== undefined) logProgress(`serving: memory: the stream failed: ${problem}`);
    const outcome =
      problem === undefined
        ? `answered as streamed CSV ${describeStream(streamed)}; ${mb(streamed.bytesDown).toFixed(0)} MB of answer counted and dropped; the last line was row ${streamed.lastRow}, as sent`
        : `FAILED after ${(streamed.wallMs / 1000).toFixed(1)} s: ${problem}${describeLogs(setup)}`;
    return {
      section: {
        title: 'Memory while streaming',
        columns: ['service', 'RSS before, MB', 'peak RSS sampled, MB', 'VmHWM at end, MB'],
        rows: SERVICE_NAMES.map((name) => [name, peaks[name].startMb.toFixed(0), peaks[name].peakSampledMb.toFixed(0), peaks[name].hwmMb.toFixed(0)]),
        notes: [
          `${file.rows.toLocaleString('en')} rows, ${mb(file.bytes).toFixed(0)} MB of 20-feature CSV posted to /predict?format=csv through the gateway and ${outcome}.`,
          `VmRSS of each process read from /proc/<pid>/status every ${SAMPLE_INTERVAL_MS} ms during the run; VmHWM (the kernel's peak RSS since the process started, which includes loading the model on the first request) read at the end. All three services were restarted just before, after training. The trainer takes no part: its row shows an idle service.`,
        ],
      },
      streamBytes: file.bytes,
      peaks,
      ...(problem !== undefined ? { streamProblem: problem } : {}),
    };
  } finally {
    agent.destroy();
    await rm(file.path, { force: true });
  }
}
