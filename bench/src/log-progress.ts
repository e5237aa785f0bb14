/** Progress goes to stderr, so that stdout carries only the markdown report. */
export function logProgress(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}
