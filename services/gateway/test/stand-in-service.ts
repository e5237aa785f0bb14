import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as a stand-in service received it. */
export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

export interface StandInService {
  url: string;
  /** Every request that reached the service, in order. */
  received: ReceivedRequest[];
  close: () => Promise<void>;
}

/**
 * A real HTTP server on 127.0.0.1 standing in for the trainer or the predictor: the gateway's
 * relay talks to it over loopback exactly as to a service, and the test sees what arrived. `port` 0 (the default)
 * takes a free one; a given port brings a stopped replica back where the gateway expects it.
 */
export async function startStandIn(handle: (req: IncomingMessage, res: ServerResponse) => void, port = 0): Promise<StandInService> {
  const received: ReceivedRequest[] = [];
  const server = createServer((req, res) => {
    received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    handle(req, res);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A loopback address where nothing listens: a port the system gave out and that has been let go. */
export async function closedPortUrl(): Promise<string> {
  const service = await startStandIn((_req, res) => res.end());
  await service.close();
  return service.url;
}

/** Reads a request body to its end. */
export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
