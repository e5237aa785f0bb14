import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { logLines, type LogLine } from '../support/logs.js';
import { startPlatform, type Platform } from '../support/platform.js';
import { predictOk, trainOk } from '../support/tabula.js';

async function waitForLog(platform: Platform, msg: string, timeoutMs = 20_000): Promise<LogLine[]> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const lines = logLines(platform.logs('predictor'));
    if (lines.some((line) => line.msg === msg)) return lines;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the predictor never logged "${msg}":\n${platform.logs('predictor')}`);
}

describe('Predictor start-up', () => {
  let platform: Platform;

  beforeAll(async () => {
    platform = await startPlatform({ env: { LOG_LEVEL: 'info', SCORING_WORKERS: '2' } });
    await trainOk(platform, { model_name: 'iris' });
    await trainOk(platform, { model_name: 'iris' });
    await trainOk(platform, { model_name: 'other', model_type: 'LogisticRegression', model_params: '{}' });
  }, 120_000);

  afterAll(async () => {
    await platform?.stopAll();
  });

  it('should load the default version of every model on start, in every scoring thread, and log how long it took', async () => {
    await platform.stop('predictor');
    await platform.start('predictor');
    const lines = await waitForLog(platform, 'preload finished');

    const preloaded = lines.filter((line) => line.msg === 'model preloaded');
    expect(preloaded.map((line) => [line.model_name, line.model_version]).sort()).toEqual([
      ['iris', 2],
      ['other', 1],
    ]);
    for (const line of preloaded) expect(line.cold_load_ms).toBeGreaterThan(0);
    // The main thread and the two workers each load each model once.
    const loads = lines.filter((line) => line.msg === 'model loaded');
    expect(loads).toHaveLength(6);
    for (const line of loads) expect(line.load_ms).toBeGreaterThan(0);
  });

  it('should then answer the first prediction without loading anything', async () => {
    const before = logLines(platform.logs('predictor')).filter((line) => line.msg === 'model loaded').length;
    await predictOk(platform, { model_name: 'iris' });
    const after = logLines(platform.logs('predictor')).filter((line) => line.msg === 'model loaded').length;
    expect(after).toBe(before);
  });
});
