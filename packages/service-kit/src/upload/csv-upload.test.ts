import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import express, { type Express } from 'express';
import request from 'supertest';
import { errorHandler } from '../error-handler.js';
import { createLogger } from '../logger.js';
import { csvUpload, keepUploadedFile, uploadedFilePath } from './csv-upload.js';

const MAX_BYTES = 64 * 1024;

/** /train spools dataset_file and answers its path, bytes and form; /keep also takes the file over. */
function uploadApp(dir: string): Express {
  const app = express();
  const upload = csvUpload({ field: 'dataset_file', dir, maxBytes: MAX_BYTES });
  app.post('/train', upload, async (req, res) => {
    const path = uploadedFilePath(req);
    res.json({ path, content: await readFile(path, 'utf8'), form: { ...req.body } });
  });
  app.post('/keep', upload, (req, res) => void res.json({ path: keepUploadedFile(req) }));
  app.use(errorHandler(createLogger('test', 'silent')));
  return app;
}

/** Files left in `dir`, waited for over a bounded number of turns: removal follows the response's close. */
async function filesLeftIn(dir: string, expected: number): Promise<string[]> {
  let files = await readdir(dir);
  for (let turn = 0; turn < 200 && files.length !== expected; turn++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    files = await readdir(dir);
  }
  return files;
}

interface RawOutcome {
  status: number;
  body: { error?: { code?: string; hint?: string } };
  bytesSentAtAnswer: number;
  /** Whether the server took all of the body (true) or closed the connection first (false). */
  bodySent: boolean;
}

/**
 * POSTs a multipart form whose file part is `fileBytes` long, in 64 KB pieces, and goes on
 * sending after the answer, to see whether the server reads the rest or closes the connection.
 */
function postLargeFile(server: Server, fileBytes: number): Promise<RawOutcome> {
  const { port } = server.address() as AddressInfo;
  const boundary = 'tabula-test';
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="dataset_file"; filename="big.csv"\r\n\r\na,b\n`;
  const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: '/train', headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
  let sent = 0;
  const answered = new Promise<Omit<RawOutcome, 'bodySent'>>((resolve) => {
    req.on('response', (res) => {
      const bytesSentAtAnswer = sent;
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')), bytesSentAtAnswer }));
    });
  });
  const bodySent = new Promise<boolean>((resolve) => {
    // A connection closed after a complete answer ends the request without an error: 'close' tells, then, whether the body went out.
    req.on('error', () => resolve(false));
    req.on('close', () => resolve(req.writableFinished));
    req.write(head);
    const piece = Buffer.from('1,2\n'.repeat(16 * 1024));
    const pump = () => {
      while (sent < fileBytes) {
        sent += piece.length;
        if (!req.write(piece)) return void req.once('drain', pump);
      }
      req.end(`\r\n--${boundary}--\r\n`);
    };
    pump();
  });
  return Promise.all([answered, bodySent]).then(([answer, isSent]) => ({ ...answer, bodySent: isSent }));
}

describe('csvUpload({ field, dir, maxBytes })', () => {
  let dir: string;
  let server: Server | undefined;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'csv-upload-test-'));
  });
  afterEach(async () => {
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    server = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  it('should spool the file to disk with the fields sent before and after it, and remove it once answered', async () => {
    const res = await request(uploadApp(dir))
      .post('/train')
      .field('target_column', 'b')
      .attach('dataset_file', Buffer.from('a,b\n1,2\n'), 'data.csv')
      .field('model_name', 'late');

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ content: 'a,b\n1,2\n', form: { target_column: 'b', model_name: 'late' } });
    expect(res.body.path.startsWith(dir)).toBe(true);
    expect(await filesLeftIn(dir, 0)).toEqual([]);
  });

  it('should give an empty file a path too, so the handler can say the file is empty', async () => {
    const res = await request(uploadApp(dir)).post('/train').attach('dataset_file', Buffer.alloc(0), 'empty.csv');

    expect(res.status).toBe(200);
    expect(res.body.content).toBe('');
  });

  it('should leave a file taken over with keepUploadedFile in place after the answer', async () => {
    const res = await request(uploadApp(dir)).post('/keep').attach('dataset_file', Buffer.from('a\n1\n'), 'data.csv');

    expect(res.status).toBe(200);
    expect(existsSync(res.body.path)).toBe(true);
    expect(await readFile(res.body.path, 'utf8')).toBe('a\n1\n');
  });

  it('should answer 415 to a body that is not multipart, showing the field in a curl example', async () => {
    const res = await request(uploadApp(dir)).post('/train').send({ dataset_file: 'a,b' });

    expect(res.status).toBe(415);
    expect(res.body.error).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', hint: "Send the CSV as a form field, e.g. curl -F 'dataset_file=@data.csv;type=text/csv' …" });
  });

  it('should answer 400 naming the field when no file is sent', async () => {
    const res = await request(uploadApp(dir)).post('/train').field('target_column', 'b');

    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'INVALID_INPUT', message: 'No file was sent in the form field "dataset_file".', details: [{ path: 'dataset_file' }] });
  });

  it('should answer 400 to a file in another field, and keep nothing', async () => {
    const res = await request(uploadApp(dir)).post('/train').attach('input_file', Buffer.from('a\n1\n'), 'data.csv');

    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'INVALID_INPUT', message: 'Unexpected file field "input_file".' });
    expect(await readdir(dir)).toEqual([]);
  });

  it('should answer 400 to a form cut off inside the file, and keep nothing', async () => {
    const res = await request(uploadApp(dir))
      .post('/train')
      .set('content-type', 'multipart/form-data; boundary=x')
      .send('--x\r\nContent-Disposition: form-data; name="dataset_file"; filename="a.csv"\r\n\r\nabc');

    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/multipart form could not be read/);
    expect(await filesLeftIn(dir, 0)).toEqual([]);
  });

  it('should answer 413 past maxBytes while the client still sends, remove the partial file, and close rather than read 64 MB', async () => {
    server = uploadApp(dir).listen(0, '127.0.0.1');
    await new Promise((resolve) => server!.once('listening', resolve));

    const outcome = await postLargeFile(server, 64 * 1024 * 1024);

    expect(outcome.status).toBe(413);
    expect(outcome.body.error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', hint: 'Split the file, or raise MAX_UPLOAD_MB on the service.' });
    expect(outcome.bytesSentAtAnswer).toBeLessThan(64 * 1024 * 1024);
    expect(outcome.bodySent).toBe(false);
    expect(await filesLeftIn(dir, 0)).toEqual([]);
  });

  it('should read and drop a small rest after a 413, so the client sends all of it and reads the answer', async () => {
    server = uploadApp(dir).listen(0, '127.0.0.1');
    await new Promise((resolve) => server!.once('listening', resolve));

    const outcome = await postLargeFile(server, 1024 * 1024);

    expect(outcome).toMatchObject({ status: 413, bodySent: true });
  });
});
