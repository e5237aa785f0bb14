import type { Logger } from 'pino';

// requestContext (pino-http) gives every request an id and a logger bound to it. Declaring them
// here makes them visible to every service that imports this package, not only to this one.
declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      id: string;
      log: Logger;
    }
  }
}

export {};
