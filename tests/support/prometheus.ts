import { expect } from '@jest/globals';
import { get } from './http.js';

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const SAMPLE_LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** The samples of a Prometheus text exposition (comments skipped; label order does not matter). */
export function parsePrometheus(text: string): Sample[] {
  return text.split('\n').flatMap((line) => {
    const match = SAMPLE_LINE.exec(line);
    if (!match) return [];
    const labels = Object.fromEntries([...(match[2] ?? '').matchAll(LABEL)].map(([, key, value]) => [key, value]));
    return [{ name: match[1], labels, value: Number(match[3]) }];
  });
}

/** The sum of every sample named `name` whose labels include `labels` (0 when none matches). */
export function sumOf(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  return samples
    .filter((s) => s.name === name && Object.entries(labels).every(([key, value]) => s.labels[key] === value))
    .reduce((sum, s) => sum + s.value, 0);
}

/** GET <baseUrl>/metrics, expected to answer 200 in the Prometheus text format. */
export async function scrape(baseUrl: string): Promise<Sample[]> {
  const res = await get(`${baseUrl}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parsePrometheus(res.text);
}

/**
 * Waits until a service has at least `count` requests in flight besides the scrape asking, e.g. to
 * act once an upload has reached the predictor rather than after a guessed delay.
 */
export async function waitForInFlight(baseUrl: string, count: number, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let seen = 0;
  while (Date.now() < deadline) {
    seen = sumOf(await scrape(baseUrl), 'tabula_http_requests_in_flight') - 1;
    if (seen >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`${baseUrl} never had ${count} requests in flight within ${timeoutMs} ms (last seen: ${seen})`);
}
