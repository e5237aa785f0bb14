import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';

export type { Logger };

/**
 * Structured JSON logs on stdout, one object per line, tagged with the service's name. Tests pass
 * a `destination` to read the lines a service wrote.
 */
export function createLogger(service: string, level = 'info', destination?: DestinationStream): Logger {
  const options: LoggerOptions = {
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
    redact: { paths: ['req.headers.authorization', 'req.headers["x-api-key"]'], remove: true },
  };
  return destination ? pino(options, destination) : pino(options);
}
