import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { REPO_ROOT } from '../support/platform.js';
import { IRIS, IRIS_PREDICT } from '../support/tabula.js';
import { usePlatform } from '../support/use-platform.js';

// Swagger UI's "Try it out" driven in a real browser, as a newcomer uses it on a fresh install:
// pick the file, name the target, Execute, with every other field left as Swagger UI pre-fills it.
// Debian's Chromium is used as installed; nothing is downloaded.

const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];
/** Safety nets only: the test waits for the response, these bound a hang on a very busy machine. */
const EXECUTE_TIMEOUT_MS = 150_000;
const PAGE_TIMEOUT_MS = 60_000;
/** The groups of operations, in order (API_TAGS). */
const TAGS = ['train', 'predict', 'registry', 'jobs', 'monitoring', 'operations'];
/** Tests in this file: screenshots are removed only when all of them passed. */
const TEST_COUNT = 3;

interface TryItOut {
  method: 'post';
  path: string;
  files: Record<string, string>;
  fields?: Record<string, string>;
}

interface Executed {
  /** The status Swagger UI shows under "Server response". */
  status: string;
  body: string;
  /** Each parameter and form field as Swagger UI pre-filled it, before the test typed anything. */
  prefilled: Record<string, string>;
}

/** The expanded operation block of `method path`. */
async function openOperation(page: Page, method: string, path: string): Promise<Locator> {
  const block = page.locator(`.opblock-${method}`).filter({ has: page.locator(`.opblock-summary-path[data-path="${path}"]`) });
  await block.locator('.opblock-summary').first().click();
  await block.locator('button.try-out__btn').click();
  await block.locator('button.execute').waitFor();
  return block;
}

/** What each parameter and form field holds, as "query model_version" or "form cv". */
async function formValues(block: Locator): Promise<Record<string, string>> {
  return block.locator('tr[data-param-name], tr[data-property-name]').evaluateAll((rows) =>
    Object.fromEntries(
      rows.flatMap((row) => {
        // Tests compile without the DOM library: an input, select or textarea has a string value.
        const control = row.querySelector('input:not([type="file"]), select, textarea') as { value: string } | null;
        const name = row.getAttribute('data-param-name') ? `${row.getAttribute('data-param-in')} ${row.getAttribute('data-param-name')}` : `form ${row.getAttribute('data-property-name')}`;
        return control ? [[name, control.value]] : [];
      }),
    ),
  );
}

/** A screenshot of the page from the top of `from` to the bottom of `to`: the form, or the call and its answer. */
async function screenshotBetween(page: Page, from: Locator, to: Locator, path: string): Promise<void> {
  const [top, bottom] = [await from.boundingBox(), await to.boundingBox()];
  if (!top || !bottom) throw new Error(`nothing to screenshot for ${path}: an element is not visible`);
  // Boxes are measured from the viewport, a full-page clip from the top of the page.
  const scrollY = Number(await page.evaluate('window.scrollY'));
  const width = page.viewportSize()?.width ?? 1280;
  await page.screenshot({ path, fullPage: true, clip: { x: 0, y: scrollY + top.y, width, height: bottom.y + bottom.height - top.y } });
}

async function tryItOut(page: Page, shots: string, { method, path, files, fields = {} }: TryItOut): Promise<Executed> {
  const block = await openOperation(page, method, path);
  const prefilled = await formValues(block);
  for (const [name, file] of Object.entries(files)) {
    await block.locator(`tr[data-property-name="${name}"] input[type="file"]`).setInputFiles(join(REPO_ROOT, file));
  }
  for (const [name, value] of Object.entries(fields)) await block.locator(`tr[data-property-name="${name}"] input`).fill(value);
  const slug = path.replace(/\W+/g, '');
  await screenshotBetween(page, block.locator('.opblock-summary'), block.locator('button.execute'), join(shots, `${slug}-1-filled.png`));
  const answered = page.waitForResponse((res) => new URL(res.url()).pathname === path && res.request().method() === method.toUpperCase(), {
    timeout: EXECUTE_TIMEOUT_MS,
  });
  await block.locator('button.execute').click();
  await answered;
  const live = block.locator('.live-responses-table tr.response');
  await live.waitFor({ timeout: EXECUTE_TIMEOUT_MS });
  await screenshotBetween(page, block.locator('button.execute'), live, join(shots, `${slug}-2-response.png`));
  return {
    status: (await live.locator('.response-col_status').innerText()).trim(),
    body: await live.locator('.response-col_description pre').first().innerText(),
    prefilled,
  };
}

/** The status Swagger UI shows; on a mismatch the message has the body, the pre-filled fields and where the screenshots are. */
function expectStatusShown(result: Executed, status: string, shots: string): void {
  const context = { body: result.body.slice(0, 1_000), prefilled: result.prefilled, shots };
  expect({ ...context, status: result.status }).toEqual({ ...context, status });
}

describe('Swagger UI of the gateway on a fresh install', () => {
  const platform = usePlatform();
  let browser: Browser;
  let page: Page;
  let shots: string;
  const outside: string[] = [];
  let passed = 0;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM_PATH)) {
      throw new Error(
        `Chromium is not installed at ${CHROMIUM_PATH}, and this test drives Swagger UI in it. Install Debian's: ` +
          '`apt-get update && apt-get install -y chromium` (or set CHROMIUM_PATH to a Chromium or Chrome binary).',
      );
    }
    shots = await mkdtemp(join(tmpdir(), 'tabula-swagger-ui-'));
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    // The docs must work offline: anything but the gateway is refused and remembered.
    await context.route(
      (url) => url.hostname !== '127.0.0.1',
      (route) => {
        outside.push(route.request().url());
        return route.abort();
      },
    );
    page = await context.newPage();
    page.setDefaultTimeout(PAGE_TIMEOUT_MS);
    await page.goto(`${platform.gatewayUrl}/docs/`);
    await page.locator('.opblock').first().waitFor();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    // Screenshots are kept for a look when a test failed, or when KEEP_SCREENSHOTS is set.
    if (shots && passed === TEST_COUNT && !process.env.KEEP_SCREENSHOTS) await rm(shots, { recursive: true, force: true });
    else if (shots) process.stdout.write(`Swagger UI screenshots: ${shots}\n`);
  });

  it('should show the operations in the groups train, predict, registry, jobs, monitoring, operations', async () => {
    const groups = await page.locator('.opblock-tag').evaluateAll((headings) => headings.map((h) => h.getAttribute('data-tag')));
    await page.screenshot({ path: join(shots, 'overview.png') });
    expect(groups).toEqual(TAGS);
    passed++;
  });

  it('POST /train: Try it out with samples/iris.csv and target_column=variety, the rest as pre-filled, should answer 201', async () => {
    const result = await tryItOut(page, shots, {
      method: 'post',
      path: '/train',
      files: { dataset_file: IRIS },
      fields: { target_column: 'variety' },
    });
    expectStatusShown(result, '201', shots);
    passed++;
  }, 180_000);

  it('POST /predict: Try it out with samples/iris_predict.csv, the rest as pre-filled, should answer 200 with predictions', async () => {
    const result = await tryItOut(page, shots, { method: 'post', path: '/predict', files: { input_file: IRIS_PREDICT } });
    expectStatusShown(result, '200', shots);
    expect(JSON.parse(result.body)).toMatchObject({ predictions: expect.arrayContaining(['Setosa']) });
    expect(outside).toEqual([]);
    passed++;
  }, 180_000);
});
