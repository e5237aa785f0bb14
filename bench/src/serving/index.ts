import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TrainResponse } from '@tabula/contracts';
import type { Section } from '../report.js';
import { measureBatchInterference, type BatchInterferenceResult } from './measure-batch-interference.js';
import { measureHeavyWorkHealth } from './measure-heavy-work-health.js';
import { measureLargeBatches } from './measure-large-batches.js';
import { measureMemory, type MemoryResult } from './measure-memory.js';
import { measureRequestLatency, type RequestCounts } from './measure-request-latency.js';
import { probeCsvStreaming } from './probe-streaming.js';
import { logProgress } from '../log-progress.js';
import { BENCH_MODEL, startServing, type ServingSetup } from './serving-setup.js';
import { servingTargets } from './serving-targets.js';

export interface ServingBenchOptions {
  /** Size of the CSV streamed through the gateway for the peak-RSS measurement, in GB. */
  streamGb: number;
  /** Shorter runs (fewer requests, smaller files) for a smoke check of the harness itself. */
  quick: boolean;
  /** scikit-learn and pandas are there to time the Python original's work on the large batches. */
  isSklearnInstalled: boolean;
}

const GB = 1024 ** 3;
const QUICK_STREAM_BYTES = 20 * 1024 ** 2;

interface ServingSizes {
  counts: RequestCounts;
  batchRows: number;
  interferenceBytes: number;
  streamBytes: number;
}

const sizesFor = ({ quick, streamGb }: ServingBenchOptions): ServingSizes =>
  quick
    ? {
        counts: { warmup: 20, alone: 200, concurrent: 200 },
        batchRows: 10_000,
        interferenceBytes: QUICK_STREAM_BYTES,
        streamBytes: Math.min(streamGb * GB, QUICK_STREAM_BYTES),
      }
    : {
        counts: { warmup: 200, alone: 2_000, concurrent: 5_000 },
        batchRows: 100_000,
        interferenceBytes: 1 * GB,
        streamBytes: streamGb * GB,
      };

const describeModel = (trained: TrainResponse): string =>
  `${trained.model_name} v${trained.version} (${trained.model_type}, ${trained.n_train} training rows, ` +
  `held-out accuracy ${trained.metrics.accuracy?.toFixed(3) ?? 'n/a'}, trained in ${(trained.training_ms / 1000).toFixed(1)} s)`;

/**
 * Starts the three services and measures prediction latency, throughput and memory through them:
 * requests alone and under concurrency, large batches, small requests during a large streamed
 * batch, each service's peak memory while a streamGb CSV streams through, and /health while a
 * large training and a large drift check run.
 */
export async function runServingBench(options: ServingBenchOptions): Promise<Section[]> {
  const sizes = sizesFor(options);
  const workDir = await mkdtemp(join(tmpdir(), 'tabula-bench-serving-'));
  const loadBefore = loadavg()[0];
  let setup: ServingSetup | undefined;
  try {
    setup = await startServing(workDir);
    const latency = await measureRequestLatency(setup, sizes.counts);
    const probe = await probeCsvStreaming(setup.platform.gatewayUrl, BENCH_MODEL);
    logProgress(`serving: streaming: ${probe.reason}`);
    const large = await measureLargeBatches(setup, workDir, sizes.batchRows, probe.isSupported, options.isSklearnInstalled);
    let interference: BatchInterferenceResult | undefined;
    let memory: MemoryResult | undefined;
    if (probe.isSupported) {
      interference = await measureBatchInterference(setup, workDir, sizes.interferenceBytes, sizes.counts.warmup);
      memory = await measureMemory(setup, workDir, sizes.streamBytes);
    }
    const heavyWork = await measureHeavyWorkHealth(setup, workDir);
    const targets = servingTargets({
      heavyWork,
      csvAlone: latency.csvGatewayAlone,
      csvAt8: latency.csvGatewayAt8,
      large,
      interference,
      memory,
      ...(probe.isSupported ? {} : { streamingSkipped: `the predictor does not stream CSV answers (${probe.reason})` }),
    });
    targets.notes.push(
      `Trained through the gateway: ${describeModel(setup.iris)}; ${describeModel(setup.bench)}.`,
      `Client and services share this machine's ${availableParallelism()} cores; 1-minute load average ${loadBefore.toFixed(2)} before the run and ${loadavg()[0].toFixed(2)} after it (other processes on the machine skew the figures).`,
    );
    const sections = [...latency.sections, large.section, interference?.section, memory?.section, heavyWork.section, targets];
    return sections.filter((section): section is Section => section !== undefined);
  } finally {
    await setup?.platform.stopAll();
    await rm(workDir, { recursive: true, force: true });
  }
}
