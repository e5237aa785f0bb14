import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { errorText, expectError, expectStatus, findLeftovers, listModelsDir, listVersions } from '../support/expectations.js';
import { getJson, holdUpload, postForm } from '../support/http.js';
import { scrape, sumOf, waitForInFlight } from '../support/prometheus.js';
import { usePlatform } from '../support/use-platform.js';
import { makeClassificationCsv } from '../support/synthetic-csv.js';
import { IRIS_PREDICT, csvBytes, csvPart, predict, predictOk, trainOk } from '../support/tabula.js';
import { itFolderOnly, whenFolderStore } from '../support/folder-only.js';

const OPEN_MS = 1_500;

/** Waits until a stopping service no longer accepts connections (bounded). */
async function waitUntilRefused(baseUrl: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    try {
      await getJson(`${baseUrl}/health`);
    } catch {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${baseUrl} still accepts connections after SIGTERM`);
}

const countRetries = (logs: string) => logs.match(/retrying an upstream call/g)?.length ?? 0;

describe('the gateway when the predictor fails', () => {
  const platform = usePlatform({
    env: { BREAKER_FAILURE_THRESHOLD: '4', BREAKER_OPEN_MS: String(OPEN_MS), UPSTREAM_RETRIES: '2', UPSTREAM_RETRY_BASE_MS: '50' },
  });

  beforeAll(async () => {
    await trainOk(platform);
    await trainOk(platform, { model_name: 'synthetic', target_column: 'label' }, csvBytes(makeClassificationCsv(2_000)));
  }, 60_000);

  /** An upload cut in two at a row boundary, whose first half is sent at once and the rest on finish(). */
  const holdPredict = (rows: number) => {
    const csv = makeClassificationCsv(rows, 2);
    const cut = csv.indexOf('\n', Math.floor(csv.length / 2)) + 1;
    return holdUpload(
      `${platform.gatewayUrl}/predict`,
      { model_name: 'synthetic', columns_to_drop: 'label' },
      { field: 'input_file', filename: 'held.csv', head: csv.slice(0, cut), rest: csv.slice(cut) },
    );
  };

  it('should answer 502, not wait for a timeout, when the predictor is killed mid-request, and serve again after a restart', async () => {
    // Half the upload is sent and the rest held back, so the request is in flight at the predictor
    // when it dies, however busy the machine is.
    const upload = holdPredict(2_000);
    await waitForInFlight(platform.predictorUrl, 1);
    await platform.stop('predictor', { signal: 'SIGKILL' });

    // The answer comes from the broken connection, while the client has not even finished sending:
    // UPSTREAM_UNAVAILABLE (502), where waiting for the timeout would have given UPSTREAM_TIMEOUT (504).
    const res = await upload.response;
    expectError(res, ['UPSTREAM_UNAVAILABLE'], platform);
    expect(errorText(res)).toMatch(/predictor/);
    expectStatus(await getJson(`${platform.gatewayUrl}/health`), 200);

    await platform.start('predictor');
    const again = await predictOk(platform);
    expect(again.body.predictions).toHaveLength(30);
  });

  it('should let a prediction in flight finish when the predictor is asked to stop (SIGTERM), then refuse new calls', async () => {
    const rows = 20_000;
    const upload = holdPredict(rows);
    await waitForInFlight(platform.predictorUrl, 1);
    const pid = platform.pid('predictor');
    expect(pid).toBeDefined();
    process.kill(pid as number, 'SIGTERM');
    // Once it refuses new connections the predictor is shutting down; only then does the rest of the upload go.
    await waitUntilRefused(platform.predictorUrl);
    upload.finish();

    const res = await upload.response;
    expectStatus(res, 200);
    expect(res.body.predictions).toHaveLength(rows);
    await platform.stop('predictor');
    expect(platform.logs('predictor')).not.toMatch(/"level":(50|60)/);
    expectError(await predict(platform), ['UPSTREAM_UNAVAILABLE'], platform);
    await platform.start('predictor');
    // A success also resets the breaker's count of consecutive failures for the next test.
    expect((await predictOk(platform)).body.predictions).toHaveLength(30);
  });

  it('should retry a GET with backoff but never replay a POST, then open the circuit and answer 503 at once', async () => {
    await platform.stop('predictor');
    const retriesBefore = countRetries(platform.logs('gateway'));

    // A predict streams its body upstream: one attempt, then 502.
    const posted = await predict(platform);
    expectError(posted, ['UPSTREAM_UNAVAILABLE'], platform);
    expect(countRetries(platform.logs('gateway'))).toBe(retriesBefore);

    // A bodiless GET is tried three times; these are the 2nd to 4th consecutive failures: the circuit opens.
    const listed = await getJson(`${platform.gatewayUrl}/models`);
    expectError(listed, ['UPSTREAM_UNAVAILABLE'], platform);
    // The logs come with the count, so a failure shows what the gateway did instead.
    const logs = platform.logs('gateway');
    expect({ retries: countRetries(logs), logs }).toMatchObject({ retries: retriesBefore + 2 });

    const refused = await getJson(`${platform.gatewayUrl}/models`);
    expectError(refused, ['UPSTREAM_CIRCUIT_OPEN'], platform);
    expect(refused.status).toBe(503);
    expect(errorText(refused)).toMatch(/predictor/);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(countRetries(platform.logs('gateway'))).toBe(retriesBefore + 2);
    // The trainer's circuit is its own: it still answers.
    expectStatus(await getJson(`${platform.gatewayUrl}/jobs`), 200);

    // Operators see it: the state gauge, the opening counted and logged, and /ready naming the circuit.
    const samples = await scrape(platform.gatewayUrl);
    expect(sumOf(samples, 'tabula_gateway_upstream_circuit_state', { upstream: 'predictor' })).toBe(2);
    expect(sumOf(samples, 'tabula_gateway_upstream_circuit_state', { upstream: 'trainer' })).toBe(0);
    expect(sumOf(samples, 'tabula_gateway_upstream_circuit_changes_total', { upstream: 'predictor', state: 'open' })).toBeGreaterThanOrEqual(1);
    expect(platform.logs('gateway')).toMatch(/circuit to predictor opened/);
    const ready = await getJson(`${platform.gatewayUrl}/ready`);
    expectStatus(ready, 503);
    expect(ready.body.checks.predictor.message).toMatch(/unreachable.*circuit open/);
  });

  it('should close the circuit by itself once the predictor is back and the open period is over', async () => {
    await platform.start('predictor');
    // Until the open period is over the gateway refuses at once; then its probe finds the predictor back.
    let probe = await getJson(`${platform.gatewayUrl}/models`);
    for (let i = 0; i < 300 && probe.status !== 200; i++) {
      expectError(probe, ['UPSTREAM_CIRCUIT_OPEN'], platform);
      await new Promise((resolve) => setTimeout(resolve, 100));
      probe = await getJson(`${platform.gatewayUrl}/models`);
    }
    expectStatus(probe, 200);
    const again = await predictOk(platform);
    expect(again.body.predictions).toHaveLength(30);
    expect(sumOf(await scrape(platform.gatewayUrl), 'tabula_gateway_upstream_circuit_state', { upstream: 'predictor' })).toBe(0);
  });

  itFolderOnly('should fail only a corrupt version, naming it, while other versions serve and /ready stays true', async () => {
    await trainOk(platform, { model_name: 'fragile' });
    await trainOk(platform, { model_name: 'fragile' });
    const modelFile = join(platform.modelsDir, 'fragile', '1', 'model.json');
    const bytes = await readFile(modelFile);
    await writeFile(modelFile, bytes.subarray(0, Math.floor(bytes.length / 2)));
    // A restart empties the predictor's cache, so version 1 is read from the truncated file
    // (and preloading it at startup must not stop the predictor).
    await platform.stop('predictor');
    await platform.start('predictor');

    const broken = await predict(platform, { model_name: 'fragile', model_version: '1' });
    expectError(broken, ['MODEL_CORRUPT'], platform);
    expect(errorText(broken)).toMatch(/"fragile" version 1/);

    const healthy = await predictOk(platform, { model_name: 'fragile', model_version: '2' });
    expect(healthy.body).toMatchObject({ model_name: 'fragile', model_version: 2 });
    expectStatus(await predictOk(platform), 200);
    for (const url of [platform.predictorUrl, platform.gatewayUrl]) {
      const ready = await getJson(`${url}/ready`);
      expectStatus(ready, 200);
      expect(ready.body.ready).toBe(true);
    }
  });

  itFolderOnly('should have a restarted trainer remove what the killed one left (its temp dir, its kept upload) and keep what others own', async () => {
    // An async training keeps its upload after the 202; kill the trainer while the job runs.
    const accepted = await postForm(
      `${platform.gatewayUrl}/train?async=true`,
      { target_column: 'label', model_name: 'killed', model_params: '{"n_estimators": 2000, "max_features": 1.0, "engine": "mljs"}' },
      { dataset_file: csvBytes(makeClassificationCsv(3_000, 4), 'killed.csv') },
    );
    expectStatus(accepted, 202);
    const job = await getJson(`${platform.gatewayUrl}/jobs/${String(accepted.body.job_id)}`);
    expect(job.body).toMatchObject({ status: 'running' });
    const killedPid = platform.pid('trainer');
    const killedUploads = (await readdir(platform.uploadDir)).filter((entry) => entry.endsWith(`~${killedPid}`));
    expect(killedUploads).toHaveLength(1);
    expect(await readdir(join(platform.uploadDir, killedUploads[0]))).toHaveLength(1);
    // What a version write cut short between mkdtemp and rename leaves (too quick to hit by a kill),
    // beside a recent temp dir of another host sharing the volume, which may still be at work.
    const tempRoot = join(platform.modelsDir, '.tmp');
    const killedTemp = join(tempRoot, killedUploads[0], 'killed-crashed');
    const foreign = join(tempRoot, 'other-host~1', 'iris-writing');
    for (const dir of [killedTemp, foreign]) {
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, 'model.json'), '{"trunc');
    }

    await platform.stop('trainer', { signal: 'SIGKILL' });
    await platform.start('trainer');

    expect(await readdir(platform.uploadDir)).not.toContain(killedUploads[0]);
    const entries = await listModelsDir(platform.modelsDir);
    expect(entries.filter((e) => e.includes(`~${killedPid}`))).toEqual([]);
    expect(entries).toContain('.tmp/other-host~1/iris-writing/model.json');
    expect(platform.logs('trainer')).toMatch(/removed temp dirs left by an interrupted training/);
    expect(platform.logs('trainer')).toMatch(/removed uploads left by a stopped trainer/);
    expect(await listVersions(platform, 'killed')).toEqual([]);
  });
});

describe('the upload limit', () => {
  const platform = usePlatform({ env: { MAX_UPLOAD_MB: '1' } });
  const overLimit = csvBytes(makeClassificationCsv(30_000), 'big.csv');

  beforeAll(async () => {
    await trainOk(platform);
  }, 60_000);

  it.each([
    ['/train', 'dataset_file', { target_column: 'label' }],
    ['/predict', 'input_file', { columns_to_drop: 'label' }],
  ])('%s should answer 413 PAYLOAD_TOO_LARGE for a file over MAX_UPLOAD_MB, keep nothing, and keep serving', async (path, field, fields) => {
    expect(overLimit.content!.length).toBeGreaterThan(1024 * 1024);
    const res = await postForm(`${platform.gatewayUrl}${path}`, fields, { [field]: overLimit });
    expectError(res, ['PAYLOAD_TOO_LARGE'], platform);
    expect(errorText(res)).toMatch(/MAX_UPLOAD_MB/);

    await whenFolderStore(async () => expect(findLeftovers(await listModelsDir(platform.modelsDir))).toEqual([]));
    const again = await predictOk(platform, {}, csvPart(IRIS_PREDICT));
    expect(again.body.predictions).toHaveLength(30);
  });
});
