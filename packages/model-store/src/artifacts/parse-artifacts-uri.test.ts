import { describe, expect, it } from '@jest/globals';
import { TabulaError } from '@tabula/contracts';
import { parseArtifactsUri } from './parse-artifacts-uri.js';

/** The error parseArtifactsUri throws for `uri`. */
function refusal(uri: string): TabulaError {
  try {
    parseArtifactsUri(uri);
  } catch (error) {
    expect(error).toBeInstanceOf(TabulaError);
    return error as TabulaError;
  }
  throw new Error(`${uri} was accepted`);
}

describe('parseArtifactsUri(uri)', () => {
  it.each([
    ['s3://tabula-models', { kind: 's3', bucket: 'tabula-models', prefix: '' }],
    ['s3://tabula-models/', { kind: 's3', bucket: 'tabula-models', prefix: '' }],
    ['s3://tabula-models/prod', { kind: 's3', bucket: 'tabula-models', prefix: 'prod' }],
    ['s3://my.bucket-2/team/models/', { kind: 's3', bucket: 'my.bucket-2', prefix: 'team/models' }],
    ['  s3://abc/x_y~z.v1  ', { kind: 's3', bucket: 'abc', prefix: 'x_y~z.v1' }],
    ['file:///shared/models', { kind: 'file', root: '/shared/models' }],
    ['file:///shared/models/', { kind: 'file', root: '/shared/models' }],
    ['file://localhost/shared/models', { kind: 'file', root: '/shared/models' }],
    ['file:///shared/my%20models', { kind: 'file', root: '/shared/my models' }],
  ])('should read %s', (uri, expected) => {
    expect(parseArtifactsUri(uri)).toEqual(expected);
  });

  it.each([
    ['', 'it is empty.'],
    ['   ', 'it is empty.'],
    ['/shared/models', 'it is not a URI.'],
    ['shared/models', 'it is not a URI.'],
    ['https://bucket.s3.amazonaws.com/prefix', 'the scheme "https:" is not accepted (s3: or file:).'],
    ['gs://bucket/prefix', 'the scheme "gs:" is not accepted (s3: or file:).'],
    ['s3://Tabula_Models/x', 'is not an S3 bucket name'],
    ['s3://ab', 'is not an S3 bucket name'],
    ['s3://bucket..name', 'is not an S3 bucket name'],
    ['s3://192.168.0.1/x', 'is not an S3 bucket name'],
    ['s3://minio:9000/bucket', 'set the store\'s address in S3_ENDPOINT.'],
    ['s3://bucket/a//b', 'the prefix segment "" is not accepted'],
    ['s3://bucket/a/../b', "it has a '.' or '..' segment"],
    ['s3://bucket/./b', "it has a '.' or '..' segment"],
    ['file:///shared/../etc', "it has a '.' or '..' segment"],
    ['s3://bucket/a%20b', 'the prefix segment "a%20b" is not accepted'],
    ['s3://bucket/prefix?versionId=1', 'it has a query or fragment'],
    ['s3://bucket/prefix#x', 'it has a query or fragment'],
    ['file://shared/models', '"shared" was read as a host.'],
    ['file:///', 'it names the filesystem root'],
  ])('should refuse %j with a 400 saying why and what is accepted', (uri, why) => {
    const error = refusal(uri);
    expect(error).toMatchObject({ code: 'INVALID_INPUT', status: 400 });
    expect(error.message).toMatch(/^ARTIFACTS_URI ".*" is not valid: /);
    expect(error.message).toContain(why);
    expect(error.hint).toBe('Set ARTIFACTS_URI to s3://bucket/prefix (an S3 bucket, the prefix optional) or file:///absolute/path (a folder every replica mounts).');
  });

  it('should refuse credentials in the URI, and not repeat them', () => {
    const error = refusal('s3://AKIAEXAMPLE:hunter2@tabula-models/prod');
    expect(error.message).toContain('it carries credentials');
    expect(`${error.message} ${error.hint}`).not.toMatch(/AKIAEXAMPLE|hunter2/);
  });
});
