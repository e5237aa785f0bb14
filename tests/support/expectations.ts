import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { expect } from '@jest/globals';
import { ERROR_STATUS, ErrorBodySchema, type ErrorCode } from '@tabula/contracts';
import { getJson, type ApiResponse } from './http.js';
import { REPO_ROOT, SERVICE_NAMES, type Platform } from './platform.js';

/** Stack frames, source paths and absolute paths must never reach a client. */
export function expectNoLeak(res: ApiResponse, platform: Platform): void {
  expect(res.text).not.toMatch(/\n\s+at\s+\S/);
  expect(res.text).not.toMatch(/\(?(file:\/\/)?\/[^\s"]+\.(ts|js|mjs|cjs):\d+/);
  expect(res.text).not.toContain(platform.modelsDir);
  expect(res.text).not.toContain(REPO_ROOT.replace(/\/$/, ''));
  expect(res.text).not.toMatch(/node_modules|\/tmp\/|127\.0\.0\.1:\d+/);
}

/**
 * The response is a JSON error `{"error": {"code", "message", "hint"?, "details"?}, "request_id"?}`
 * whose code is one of `codes` and whose status is that code's status in ERROR_STATUS.
 */
export function expectError(
  res: ApiResponse,
  codes: ErrorCode[],
  platform: Platform,
  options: { statuses?: number[] } = {},
): void {
  const context = `${res.status} ${res.text.slice(0, 600)}`;
  expect({ context, type: res.headers.get('content-type') ?? '' }).toEqual({ context, type: expect.stringContaining('application/json') });
  const parsed = ErrorBodySchema.safeParse(res.body);
  expect({ context, issues: parsed.success ? [] : parsed.error.issues }).toEqual({ context, issues: [] });
  const { code, message } = res.body.error as { code: string; message: string };
  expect({ context, code }).toEqual({ context, code: expect.stringMatching(new RegExp(`^(${codes.join('|')})$`)) });
  const statuses = options.statuses ?? [ERROR_STATUS[code as ErrorCode]];
  expect({ context, status: statuses.includes(res.status) }).toEqual({ context, status: true });
  // A sentence: several words, not just a code or a bare exception name.
  expect(message.trim().split(/\s+/).length).toBeGreaterThanOrEqual(3);
  expect(message).not.toMatch(/^(Error|TypeError|RangeError)\b|undefined|\[object Object\]/);
  expectNoLeak(res, platform);
}

/** All of message, hint and details as one string, to check what an error names. */
export const errorText = (res: ApiResponse): string =>
  [res.body?.error?.message, res.body?.error?.hint, JSON.stringify(res.body?.error?.details ?? [])].join(' ');

export async function expectAllHealthy(platform: Platform): Promise<void> {
  for (const name of SERVICE_NAMES) {
    const res = await getJson(`${platform.urls[name]}/health`);
    expect({ name, status: res.status }).toEqual({ name, status: 200 });
  }
}

/** Checks the status, showing the body when it differs. */
export function expectStatus(res: ApiResponse, status: number): void {
  expect({ status: res.status, body: res.text.slice(0, 1500) }).toMatchObject({ status });
}

/** Every file and directory under the models dir, relative and sorted; directories end with "/". */
export async function listModelsDir(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.map((e) => relative(dir, join(e.parentPath, e.name)) + (e.isDirectory() ? '/' : '')).sort();
}

/**
 * Entries that look like an unfinished write: any file inside a temp or hidden dir (staging dirs
 * such as ".tmp/" and each process's empty scratch dir in it may exist), and *.tmp / *.partial
 * files anywhere.
 */
export function findLeftovers(entries: string[]): string[] {
  const isTempName = (segment: string) => /^(\.|_?tmp|temp|staging|partial|incoming)/i.test(segment);
  return entries.filter((e) => {
    const segments = e.replace(/\/$/, '').split('/');
    const name = segments[segments.length - 1];
    if (segments.slice(0, -1).some(isTempName)) return !e.endsWith('/');
    if (segments.length > 1 && isTempName(name)) return true;
    return !e.endsWith('/') && /\.(tmp|temp|partial)$/i.test(name);
  });
}

/** Version numbers of a model as the gateway lists them ([] when the model does not exist). */
export async function listVersions(platform: Platform, name: string): Promise<number[]> {
  const res = await getJson(`${platform.gatewayUrl}/models/${encodeURIComponent(name)}/versions`);
  if (res.status === 404) return [];
  expectStatus(res, 200);
  return (res.body.versions as Array<{ version: number }>).map((v) => v.version);
}
