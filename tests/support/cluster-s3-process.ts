// s3rver for a test cluster, in a process of its own (cluster-backing.ts starts it): prints {"endpoint","bucket"} as
// one line once it listens, and stops on SIGTERM. Why not in the test process: s3rver 3.7.1 answers a PutObject of a
// small body before its file is even opened (filesystem.js putObject ends the write stream and resolves at once), so a
// client that deletes the key right away (every service's start-up probe does) can make that write stream fail with
// ENOENT, and its unhandled 'error' event would fail whichever jest file is running. The harness now awaits each write
// (model-store's s3rver-whole-writes.ts), which removes that race; the separate process stays so that s3rver's own
// work and any other uncaught error of it stay out of the jest process. Here that one error is logged and
// the server goes on; any other uncaught error still ends it, and the services see S3 gone.
import { startS3TestServer } from '@tabula/model-store/testing/s3';

const isLateWriteOfDeletedObject = (error: NodeJS.ErrnoException) =>
  error.code === 'ENOENT' && typeof error.path === 'string' && error.path.endsWith('._S3rver_object');

process.on('uncaughtException', (error: NodeJS.ErrnoException) => {
  process.stderr.write(`s3rver: ${error.message}\n`);
  if (!isLateWriteOfDeletedObject(error)) process.exit(1);
});

const server = await startS3TestServer(process.argv[2]);
process.stdout.write(`${JSON.stringify({ endpoint: server.endpoint, bucket: server.bucket })}\n`);
process.once('SIGTERM', () => {
  void server.stop().finally(() => process.exit(0));
});
