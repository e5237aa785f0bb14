import request from 'supertest';
import type { Express } from 'express';

/**
 * The value of one sample in the app's GET /metrics (Prometheus text), found by name and one
 * label (key="value"), or 0 when there is no such sample yet.
 */
export async function metricValue(app: Express, name: string, label = ''): Promise<number> {
  const res = await request(app).get('/metrics');
  if (res.status !== 200) throw new Error(`GET /metrics answered ${res.status}`);
  const isSample = (line: string) => (line.startsWith(`${name}{`) || line.startsWith(`${name} `)) && line.includes(label);
  const line = res.text.split('\n').find(isSample);
  return line === undefined ? 0 : Number(line.slice(line.lastIndexOf(' ') + 1));
}
