import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { basename, isAbsolute, join } from 'node:path';
import { REPO_ROOT } from './platform.js';

const REQUEST_TIMEOUT_MS = 60_000;

/** A file part of a multipart form: read from disk (path relative to the repo root) or given as bytes. */
export interface FilePart {
  path?: string;
  content?: string | Uint8Array;
  filename?: string;
  /** The part's Content-Type; curl sends application/octet-stream unless told `;type=…`. */
  type?: string;
}

export interface ApiResponse {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed JSON body (undefined when the response is not JSON); loosely typed for assertions. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export const readRepoFile = (path: string): Buffer => readFileSync(isAbsolute(path) ? path : join(REPO_ROOT, path));

function toBlob(part: FilePart): { blob: Blob; filename: string } {
  const bytes = part.content ?? (part.path !== undefined ? readRepoFile(part.path) : undefined);
  if (bytes === undefined) throw new Error('a file part needs a path or content');
  const filename = part.filename ?? (part.path !== undefined ? basename(part.path) : 'upload.csv');
  return { blob: new Blob([bytes], { type: part.type ?? 'application/octet-stream' }), filename };
}

async function toResponse(res: Response): Promise<ApiResponse> {
  const text = await res.text();
  let body: unknown;
  if ((res.headers.get('content-type') ?? '').includes('json')) {
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
  }
  return { status: res.status, headers: res.headers, text, body };
}

/** A multipart part in order: a text field or a file. */
export type FormPart = { name: string; value: string } | { name: string; file: FilePart };

/** Sends the parts in the given order as multipart/form-data, as curl -F does. */
export async function postParts(
  url: string,
  parts: FormPart[],
  timeoutMs = REQUEST_TIMEOUT_MS,
  headers: Record<string, string> = { accept: 'application/json' },
): Promise<ApiResponse> {
  const form = new FormData();
  for (const part of parts) {
    if ('file' in part) {
      const { blob, filename } = toBlob(part.file);
      form.append(part.name, blob, filename);
    } else {
      form.append(part.name, part.value);
    }
  }
  const res = await fetch(url, {
    method: 'POST',
    headers,
    body: form,
    signal: AbortSignal.timeout(timeoutMs),
  });
  return toResponse(res);
}

/** POST multipart: the files first (as in the documented curl calls), then the text fields. */
export async function postForm(
  url: string,
  fields: Record<string, string>,
  files: Record<string, FilePart> = {},
  timeoutMs = REQUEST_TIMEOUT_MS,
): Promise<ApiResponse> {
  return postParts(
    url,
    [
      ...Object.entries(files).map(([name, file]) => ({ name, file })),
      ...Object.entries(fields).map(([name, value]) => ({ name, value })),
    ],
    timeoutMs,
  );
}

/**
 * POST what `curl -F spec -F spec …` sends: `name=value` is a text field, `name=@path[;type=mime]`
 * a file read from the repo root with filename = its basename and content type as given (curl's
 * default for .csv: application/octet-stream).
 */
export async function curlForm(url: string, specs: string[]): Promise<ApiResponse> {
  const parts = specs.map((spec): FormPart => {
    const eq = spec.indexOf('=');
    const name = spec.slice(0, eq);
    const value = spec.slice(eq + 1);
    if (!value.startsWith('@')) return { name, value };
    const [path, ...options] = value.slice(1).split(';');
    const type = options.find((o) => o.startsWith('type='))?.slice('type='.length);
    return { name, file: { path, type } };
  });
  return postParts(url, parts);
}

/** Any method, headers and body (text, a form, or none), answered as an ApiResponse. */
export async function request(url: string, init: { method: string; headers?: Record<string, string>; body?: string | FormData }): Promise<ApiResponse> {
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  return toResponse(res);
}

export async function getJson(url: string): Promise<ApiResponse> {
  const res = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  return toResponse(res);
}

export async function get(url: string): Promise<ApiResponse> {
  const res = await fetch(url, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  return toResponse(res);
}

/** POST a JSON body (a string is sent as is, e.g. to send broken JSON); the content type can be overridden. */
export async function postJson(
  url: string,
  body: unknown,
  contentType = 'application/json',
  timeoutMs = REQUEST_TIMEOUT_MS,
): Promise<ApiResponse> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { accept: 'application/json', 'content-type': contentType },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  return toResponse(res);
}

/** PUT or DELETE (or any method), with a JSON body when one is given. */
export async function sendJson(method: string, url: string, body?: unknown): Promise<ApiResponse> {
  const res = await fetch(url, {
    method,
    headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  return toResponse(res);
}

/** GET a download as bytes (a text body would mangle binary content). */
export async function getBytes(url: string): Promise<{ status: number; headers: Headers; bytes: Buffer }> {
  const res = await fetch(url, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

/** An upload whose body is sent in two steps, so a test can act while a request is provably in flight. */
export interface HeldUpload {
  /** Settles with the answer, which may come before the whole body was sent (then finish() sends nothing). */
  response: Promise<ApiResponse>;
  /** Sends the rest of the body and ends the request. */
  finish(): void;
}

/**
 * POSTs a multipart form (the fields, then one file) but sends only `file.head` of the file at
 * first; `finish()` sends `file.rest` and closes the form.
 */
export function holdUpload(
  url: string,
  fields: Record<string, string>,
  file: { field: string; filename: string; head: string | Uint8Array; rest: string | Uint8Array },
): HeldUpload {
  const boundary = `----tabula-test-${Date.now().toString(16)}`;
  const fieldParts = Object.entries(fields)
    .map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`)
    .join('');
  const fileHeader = `--${boundary}\r\nContent-Disposition: form-data; name="${file.field}"; filename="${file.filename}"\r\nContent-Type: text/csv\r\n\r\n`;
  const req = httpRequest(url, {
    method: 'POST',
    headers: { accept: 'application/json', 'content-type': `multipart/form-data; boundary=${boundary}` },
  });
  let answered = false;
  const response = new Promise<ApiResponse>((resolve, reject) => {
    req.on('error', reject);
    req.on('response', (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const headers = new Headers();
        for (const [name, value] of Object.entries(res.headers)) if (typeof value === 'string') headers.set(name, value);
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown;
        try {
          body = (headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : undefined;
        } catch {
          body = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers, text, body });
      });
    });
  });
  req.write(fieldParts + fileHeader);
  req.write(file.head);
  return {
    response,
    finish: () => {
      if (answered || req.destroyed) return;
      req.write(file.rest);
      req.end(`\r\n--${boundary}--\r\n`);
    },
  };
}
