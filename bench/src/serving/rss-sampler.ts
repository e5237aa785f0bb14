import { readFileSync } from 'node:fs';

/** Memory of one process over a sampled interval, in MB (MiB). */
export interface RssPeak {
  startMb: number;
  /** Highest VmRSS seen by the sampler. */
  peakSampledMb: number;
  /** VmHWM read at the end: the kernel's own peak since the process started, between samples too. */
  hwmMb: number;
}

/** Reads VmRSS and VmHWM (kB in /proc/<pid>/status) as MB; NaN when the process is gone. */
export function readProcMemory(pid: number): { rssMb: number; hwmMb: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN) / 1024;
    return { rssMb: field('VmRSS'), hwmMb: field('VmHWM') };
  } catch {
    return { rssMb: Number.NaN, hwmMb: Number.NaN };
  }
}

/** Samples VmRSS of each process every intervalMs until stop(), which also reads VmHWM. */
export function startRssSampler<Name extends string>(
  pids: Record<Name, number>,
  intervalMs = 100,
): { stop(): Record<Name, RssPeak> } {
  const names = Object.keys(pids) as Name[];
  const peaks = Object.fromEntries(
    names.map((name) => {
      const { rssMb } = readProcMemory(pids[name]);
      return [name, { startMb: rssMb, peakSampledMb: rssMb, hwmMb: Number.NaN }];
    }),
  ) as Record<Name, RssPeak>;
  const sample = () => {
    for (const name of names) {
      const { rssMb } = readProcMemory(pids[name]);
      if (rssMb > peaks[name].peakSampledMb) peaks[name].peakSampledMb = rssMb;
    }
  };
  const timer = setInterval(sample, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      for (const name of names) peaks[name].hwmMb = readProcMemory(pids[name]).hwmMb;
      return peaks;
    },
  };
}
