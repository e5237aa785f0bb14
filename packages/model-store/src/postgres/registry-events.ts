import { z } from '@tabula/contracts';
import pg from 'pg';
import type { DatabaseTarget } from '@tabula/contracts';
import type { Queryable } from './registry-pool.js';

/** The one channel every registry write notifies and every store handle listens on. */
export const REGISTRY_CHANNEL = 'tabula_registry';

/**
 * What a committed write changed: enough for a reader to drop what it cached of that model. Parsed with zod on
 * receipt, since another replica (possibly of another release) wrote it.
 */
export const RegistryChangeSchema = z.object({
  model_name: z.string().min(1),
  change: z.enum(['version-created', 'version-deleted', 'alias-set', 'alias-deleted']),
  version: z.number().int().positive().nullable(),
  alias: z.string().nullable(),
});
export type RegistryChange = z.infer<typeof RegistryChangeSchema>;

/**
 * Sends the change on REGISTRY_CHANNEL inside the caller's transaction: PostgreSQL delivers it only if and when
 * that transaction commits, so no reader hears of a change that was rolled back or sees it before it is visible.
 */
export async function notifyRegistryChange(client: Queryable, change: RegistryChange): Promise<void> {
  await client.query('SELECT pg_notify($1, $2)', [REGISTRY_CHANNEL, JSON.stringify(change)]);
}

export interface RegistryEventsOptions {
  /** A committed change of one model (or, for a payload that does not parse, null: drop everything). */
  onChange(change: RegistryChange | null): void;
  /** LISTEN was lost or re-established: notifications may have been missed, so nothing cached can be trusted. */
  onReset(): void;
}

// Reconnects back off from 100 ms to 2 s: a restarted database is heard again within about 2 s of accepting
// connections, and an outage costs one connection attempt every 2 s.
const FIRST_RETRY_MS = 100;
const MAX_RETRY_MS = 2_000;
// A heartbeat on the LISTEN connection finds one that died silently (a half-open TCP connection delivers no
// notifications and no error): the query times out and the connection is replaced.
const HEARTBEAT_MS = 10_000;
const HEARTBEAT_TIMEOUT_MS = 5_000;

/**
 * One dedicated connection that LISTENs on REGISTRY_CHANNEL for a store handle. `isListening` is true only while
 * LISTEN is in force; when the connection drops it reports a reset and reconnects by itself, reporting a reset again
 * once LISTEN is back (whatever was committed in between was not heard).
 */
export class RegistryEvents {
  private client: pg.Client | null = null;
  private isClosed = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private attempt = 0;

  constructor(
    private readonly target: DatabaseTarget,
    private readonly options: RegistryEventsOptions,
  ) {}

  get isListening(): boolean {
    return this.client !== null;
  }

  /** The first LISTEN; throws the driver error (the caller explains it) so that a store never opens without it. */
  async start(): Promise<void> {
    await this.listen();
  }

  async close(): Promise<void> {
    this.isClosed = true;
    clearTimeout(this.retryTimer);
    clearInterval(this.heartbeat);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.target.connectionString,
      connectionTimeoutMillis: 10_000,
      query_timeout: HEARTBEAT_TIMEOUT_MS,
      keepAlive: true,
    });
    // Both are how the driver reports a connection that went away (idle: 'error'; closing: 'end').
    client.on('error', () => this.lose(client));
    client.on('end', () => this.lose(client));
    client.on('notification', (message) => {
      if (message.channel !== REGISTRY_CHANNEL) return;
      const parsed = RegistryChangeSchema.safeParse(safeJson(message.payload));
      this.options.onChange(parsed.success ? parsed.data : null);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${REGISTRY_CHANNEL}`);
    } catch (error) {
      client.removeAllListeners('end');
      await client.end().catch(() => undefined);
      throw error;
    }
    if (this.isClosed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.attempt = 0;
    // Anything cached before this moment may have missed a notification.
    this.options.onReset();
    this.heartbeat = setInterval(() => {
      client.query('SELECT 1').catch(() => this.lose(client));
    }, HEARTBEAT_MS).unref();
  }

  private lose(client: pg.Client): void {
    if (this.client !== client) return;
    this.client = null;
    clearInterval(this.heartbeat);
    client.end().catch(() => undefined);
    this.options.onReset();
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.isClosed) return;
    const delayMs = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** this.attempt);
    this.attempt += 1;
    this.retryTimer = setTimeout(() => {
      this.listen().catch(() => this.scheduleReconnect());
    }, delayMs);
    // A store waiting to reconnect must not keep a process alive that has nothing else to do.
    this.retryTimer.unref();
  }
}

function safeJson(text: string | undefined): unknown {
  try {
    return JSON.parse(text ?? '');
  } catch {
    return undefined;
  }
}
