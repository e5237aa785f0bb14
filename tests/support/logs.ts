import type { Platform, ServiceName } from './platform.js';

/** A pino JSON log line, loosely typed for assertions. */
export interface LogLine {
  msg?: string;
  request_id?: string;
  [field: string]: unknown;
}

/** The JSON lines of a service's output; anything else (a partial last line) is skipped. */
export const logLines = (text: string): LogLine[] =>
  text.split('\n').flatMap((line) => {
    try {
      return [JSON.parse(line) as LogLine];
    } catch {
      return [];
    }
  });

/**
 * Waits until a service has logged `count` lines that match: output travels through a pipe, and an
 * access line is written when the response finishes, so it may arrive after the client has its answer.
 */
export async function waitForLogLines(
  platform: Platform,
  service: ServiceName,
  matches: (line: LogLine) => boolean,
  count = 1,
  timeoutMs = 10_000,
): Promise<LogLine[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const lines = logLines(platform.logs(service)).filter(matches);
    if (lines.length >= count || Date.now() > deadline) return lines;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
