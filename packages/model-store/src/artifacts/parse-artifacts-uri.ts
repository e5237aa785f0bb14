import { fileURLToPath } from 'node:url';
import { artifactsUriInvalid, z } from '@tabula/contracts';

/** Where ARTIFACTS_URI puts cluster mode's artifacts: an S3 bucket and key prefix, or a folder every replica mounts. */
export type ArtifactsLocation = { kind: 's3'; bucket: string; prefix: string } | { kind: 'file'; root: string };

// S3's bucket naming rules (3–63 characters, lowercase letters, digits, '.' and '-', a letter or digit at each end,
// no '..', not an IP address): a name outside them cannot exist, so it is refused here rather than as NoSuchBucket.
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const IP_ADDRESS = /^\d+\.\d+\.\d+\.\d+$/;
// A prefix is the leading segments of every key, so it follows the key grammar (artifact-key.ts).
const PREFIX_SEGMENT = /^[A-Za-z0-9._~-]{1,255}$/;

function parseS3(url: URL, ctx: z.RefinementCtx): ArtifactsLocation | typeof z.NEVER {
  const bucket = url.hostname;
  if (url.username !== '' || url.password !== '') {
    ctx.addIssue({ code: 'custom', message: 'it carries credentials; give them through the AWS credential chain (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, a profile or a role) instead.' });
  } else if (url.port !== '') {
    ctx.addIssue({ code: 'custom', message: `an s3: URI names a bucket, not a host and port; set the store's address in S3_ENDPOINT.` });
  } else if (!BUCKET_NAME.test(bucket) || bucket.includes('..') || IP_ADDRESS.test(bucket)) {
    ctx.addIssue({ code: 'custom', message: `"${bucket}" is not an S3 bucket name (3 to 63 lowercase letters, digits, '.' or '-', starting and ending with a letter or digit).` });
  } else {
    const segments = url.pathname.split('/').filter((segment, i, all) => !(segment === '' && (i === 0 || i === all.length - 1)));
    const bad = segments.find((segment) => !PREFIX_SEGMENT.test(segment) || segment === '.' || segment === '..');
    if (bad === undefined) return { kind: 's3', bucket, prefix: segments.join('/') };
    ctx.addIssue({ code: 'custom', message: `the prefix segment "${bad}" is not accepted: segments are made of A-Z a-z 0-9 . _ ~ - (not '.' or '..'), joined by single '/'.` });
  }
  return z.NEVER;
}

function parseFile(url: URL, ctx: z.RefinementCtx): ArtifactsLocation | typeof z.NEVER {
  if (url.host !== '') {
    ctx.addIssue({ code: 'custom', message: `a file: URI takes an absolute path after three slashes (file:///shared/models); "${url.host}" was read as a host.` });
    return z.NEVER;
  }
  const root = fileURLToPath(url);
  if (root === '/') {
    ctx.addIssue({ code: 'custom', message: 'it names the filesystem root; give the folder the replicas share.' });
    return z.NEVER;
  }
  return { kind: 'file', root: root.replace(/\/+$/, '') };
}

/** ARTIFACTS_URI as a string, parsed into the location it names; every issue is a sentence for artifactsUriInvalid. */
export const ArtifactsUriSchema = z
  .string()
  .trim()
  .min(1, 'it is empty.')
  .transform((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'it is not a URI.' });
      return z.NEVER;
    }
    // URL resolves dot segments ('a/../b' becomes 'b'), which would quietly point the store somewhere else.
    if (/\/\.{1,2}(\/|$)/.test(value.replace(/^[a-z0-9+.-]+:\/\//i, '/'))) {
      ctx.addIssue({ code: 'custom', message: `it has a '.' or '..' segment; give the path as it is.` });
      return z.NEVER;
    }
    if (url.search !== '' || url.hash !== '') {
      ctx.addIssue({ code: 'custom', message: 'it has a query or fragment (? or #), which no artifact store takes.' });
      return z.NEVER;
    }
    if (url.protocol === 's3:') return parseS3(url, ctx);
    if (url.protocol === 'file:') return parseFile(url, ctx);
    ctx.addIssue({ code: 'custom', message: `the scheme "${url.protocol}" is not accepted (s3: or file:).` });
    return z.NEVER;
  });

/** Parses ARTIFACTS_URI; throws artifactsUriInvalid (400) saying what is wrong and which forms are accepted. */
export function parseArtifactsUri(value: string): ArtifactsLocation {
  const parsed = ArtifactsUriSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw artifactsUriInvalid(value, parsed.error.issues[0]?.message ?? 'it does not parse.');
}
