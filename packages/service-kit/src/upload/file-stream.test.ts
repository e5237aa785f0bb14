import { once } from 'node:events';
import { text } from 'node:stream/consumers';
import { describe, expect, it } from '@jest/globals';
import express, { type Express } from 'express';
import request from 'supertest';
import { errorHandler } from '../error-handler.js';
import { createLogger } from '../logger.js';
import { receiveFileStream } from './file-stream.js';

/** An app whose one route streams the file part "input_file" and answers what it saw, in order. */
function streamingApp(): Express {
  const app = express();
  app.post('/upload', async (req, res) => {
    const upload = await receiveFileStream(req, 'input_file', { what: 'the test file', example: 't.csv' });
    // What was known when the file began, before a byte of it was read.
    const fieldsAtFileStart = { ...upload.fields };
    const content = await text(upload.file);
    await upload.finished;
    res.json({ fieldsAtFileStart, content, lateFields: { ...upload.lateFields } });
  });
  // Answers a refusal only once the whole request has gone through the parser: a file part left
  // unread after the refusal would stall it, and this answer would never come.
  app.post('/upload-to-end', async (req, res) => {
    try {
      await receiveFileStream(req, 'input_file');
      res.json({});
    } catch (error) {
      if (!req.readableEnded) await once(req, 'end');
      throw error;
    }
  });
  app.use(errorHandler(createLogger('test', 'silent')));
  return app;
}

describe('receiveFileStream(req, field, describe)', () => {
  it('should resolve at the file with the fields sent before it, stream the file, and keep later fields apart', async () => {
    const res = await request(streamingApp())
      .post('/upload')
      .field('model_name', 'iris')
      .attach('input_file', Buffer.from('a,b\n1,2\n'), 'data.csv')
      .field('return_proba', 'true');

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ fieldsAtFileStart: { model_name: 'iris' }, content: 'a,b\n1,2\n', lateFields: { return_proba: 'true' } });
  });

  it('should refuse a form without the file with 400, naming the field and the file it expects', async () => {
    const res = await request(streamingApp()).post('/upload').field('model_name', 'iris');

    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      code: 'INVALID_INPUT',
      message: 'No file was sent in the form field "input_file".',
      hint: "Attach the test file as input_file, e.g. curl -F 'input_file=@t.csv' …",
      details: [{ path: 'input_file', message: 'required' }],
    });
  });

  it('should refuse a file sent in another field with 400 naming that field', async () => {
    const res = await request(streamingApp()).post('/upload').attach('other_file', Buffer.from('a\n1\n'), 'data.csv');

    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'INVALID_INPUT', message: 'Unexpected file field "other_file".' });
    expect(res.body.error.hint).toContain("curl -F 'input_file=@t.csv'");
  });

  it('should refuse a second file once the form has ended', async () => {
    const res = await request(streamingApp())
      .post('/upload')
      .attach('input_file', Buffer.from('a\n1\n'), 'one.csv')
      .attach('input_file', Buffer.from('a\n2\n'), 'two.csv');

    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'INVALID_INPUT', message: 'Send one file per request.' });
  });

  it('should refuse a field longer than 1 MB rather than cut it short, and still read the form to its end', async () => {
    const res = await request(streamingApp())
      .post('/upload-to-end')
      .field('columns_to_drop', 'x'.repeat(1024 * 1024 + 1))
      .attach('input_file', Buffer.alloc(4 * 1024 * 1024, 'a\n'), 'data.csv');

    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'INVALID_INPUT', details: [{ path: 'columns_to_drop' }] });
    expect(res.body.error.message).toContain('"columns_to_drop" is longer than 1 MB');
  });

  it('should refuse a body that is not a multipart form with 400 saying the form could not be read', async () => {
    const res = await request(streamingApp()).post('/upload').set('content-type', 'multipart/form-data').send('no boundary');

    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/^The multipart form could not be read: /);
    expect(res.body.error.hint).toContain("curl -F 'input_file=@t.csv'");
  });
});
