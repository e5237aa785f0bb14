import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AliasChangeSchema, ErrorBodySchema, ModelMetadataSchema, VersionDeletedSchema } from '@tabula/contracts';
import request from 'supertest';
import { postIris, testTrainer, type TestTrainer } from './test-trainer.js';

let trainer: TestTrainer;

/** Version 1 of "iris" as an export file, read from the store as GET .../export would send it. */
let exported: Buffer;

beforeAll(async () => {
  trainer = await testTrainer();
  await postIris(trainer.app).expect(201);
  await postIris(trainer.app).expect(201);
  exported = Buffer.concat((await trainer.store.exportVersion('iris', 1)).parts);
});

afterAll(async () => {
  await trainer.close();
});

const setAlias = (name: string, alias: string, version: unknown) => request(trainer.app).put(`/models/${name}/aliases/${alias}`).send({ version });
const flipByte = (bytes: Buffer, at: number) => {
  const copy = Buffer.from(bytes);
  copy[at] ^= 0xff;
  return copy;
};
const importFile = (name: string, content: Buffer) =>
  request(trainer.app).post(`/models/${name}/import`).attach('file', content, { filename: 'iris-v1.tabula-model', contentType: 'application/octet-stream' });

describe('aliases', () => {
  describe('PUT /models/{name}/aliases/{alias}', () => {
    it('should point the alias at the version, answer where it pointed before, and store it', async () => {
      const created = await setAlias('iris', 'production', 1).expect(200);
      expect(AliasChangeSchema.parse(created.body)).toEqual({ model_name: 'iris', alias: 'production', version: 1, previous_version: null });
      const moved = await setAlias('iris', 'production', 2).expect(200);
      expect(moved.body).toMatchObject({ version: 2, previous_version: 1 });
      expect(await trainer.store.readAliases('iris')).toEqual({ production: 2 });
    });

    it('should answer 404 VERSION_NOT_FOUND for a version the model does not have, and leave the alias', async () => {
      const res = await setAlias('iris', 'production', 9).expect(404);
      expect(ErrorBodySchema.parse(res.body).error.code).toBe('VERSION_NOT_FOUND');
      expect(await trainer.store.readAliases('iris')).toEqual({ production: 2 });
    });
  });

  describe('DELETE /models/{name}/aliases/{alias}', () => {
    it('should remove the alias and answer where it pointed', async () => {
      await setAlias('iris', 'staging', 1).expect(200);
      const res = await request(trainer.app).delete('/models/iris/aliases/staging').expect(200);
      expect(res.body).toEqual({ model_name: 'iris', alias: 'staging', version: null, previous_version: 1 });
      expect(await trainer.store.readAliases('iris')).not.toHaveProperty('staging');
    });
  });
});

describe('DELETE /models/{name}/versions/{version}', () => {
  it('should refuse a version an alias points to with 409 CONFLICT naming the alias', async () => {
    const res = await request(trainer.app).delete('/models/iris/versions/2').expect(409);
    expect(res.body.error).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('production') });
    expect((await trainer.store.listVersions('iris')).map((metadata) => metadata.version)).toEqual([1, 2]);
  });

  it('should delete a version no alias points to, and answer that it did', async () => {
    await setAlias('iris', 'production', 1).expect(200);
    const res = await request(trainer.app).delete('/models/iris/versions/2').expect(200);
    expect(VersionDeletedSchema.parse(res.body)).toEqual({ model_name: 'iris', version: 2, deleted: true });
    expect((await trainer.store.listVersions('iris')).map((metadata) => metadata.version)).toEqual([1]);
  });
});

describe('POST /models/{name}/import', () => {
  it('should store an exported version as the next version of the name given, remembering where it came from', async () => {
    const res = await importFile('copy', exported).expect(201);
    const metadata = ModelMetadataSchema.parse(res.body);
    expect(metadata).toMatchObject({ model_name: 'copy', version: 1, imported_from: { model_name: 'iris', version: 1 } });
    const original = await trainer.store.readMetadata('iris', 1);
    expect(metadata.metrics).toEqual(original.metrics);
    expect(await trainer.store.readMetadata('copy', 1)).toEqual(metadata);
    expect(await trainer.listUploads()).toEqual([]);
  });

  it('should import into an existing model as its next version (never reusing a deleted number)', async () => {
    const res = await importFile('iris', exported).expect(201);
    expect(res.body).toMatchObject({ model_name: 'iris', version: 3 });
  });

  it.each([
    ['a CSV', () => Buffer.from('sepal.length,variety\n5.1,Setosa\n'), 'not a Tabula model export'],
    ['a truncated export', () => exported.subarray(0, exported.byteLength - 100), 'truncated'],
    ['an export with one byte changed', () => flipByte(exported, exported.byteLength - 2), 'sha256'],
  ])('should refuse %s with 400 INVALID_INPUT saying why, and store nothing', async (_what, content, says) => {
    const res = await importFile('broken', content()).expect(400);
    expect(ErrorBodySchema.parse(res.body).error).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining(says) });
    expect(await trainer.store.listModels()).not.toContainEqual(expect.objectContaining({ model_name: 'broken' }));
    expect(await trainer.listUploads()).toEqual([]);
  });
});
