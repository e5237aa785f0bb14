import { blankToUndefined, isTabulaError, parseDatabaseUrl, z, type DatabaseTarget } from '@tabula/contracts';
import { parseEnv } from '@tabula/service-kit';

// Plain HTTP: the services sit on the compose network behind the gateway.
const httpUrl = z.url({ protocol: /^http$/, message: 'must be an http:// URL such as http://trainer:8001' });

/**
 * One service's replicas: an http:// URL, or several comma-separated (cluster mode), each checked on its own so
 * the error names the entry (`PREDICTOR_URL.1: must be an http:// URL …`). A single URL is a list of one, and the
 * gateway treats it exactly as before lists existed.
 */
const urlList = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((text) => text.split(',').map((entry) => entry.trim()))
    .pipe(
      z
        .array(httpUrl)
        .min(1)
        .refine((urls) => new Set(urls).size === urls.length, 'lists the same URL twice: each replica once, comma-separated'),
    );

export const GatewayConfigSchema = z.object({
  GATEWAY_PORT: z.coerce.number().int().min(0).max(65535).default(8000),
  HOST: z.string().default('0.0.0.0'),
  TRAINER_URL: urlList('http://127.0.0.1:8001'),
  PREDICTOR_URL: urlList('http://127.0.0.1:8002'),
  /** Training a large model legitimately takes minutes. */
  TRAIN_TIMEOUT_MS: z.coerce.number().int().positive().default(30 * 60 * 1000),
  PREDICT_TIMEOUT_MS: z.coerce.number().int().positive().default(5 * 60 * 1000),
  READ_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  /**
   * A request body that sends nothing for this long while the gateway waits for it (pauses the
   * gateway itself causes, as a client slow to read a streamed answer does, do not count) is ended
   * with 408. This, not a total request time, bounds uploads: a large file may rightly take long.
   */
  BODY_IDLE_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  /**
   * A body slower than this on average (with BODY_IDLE_TIMEOUT_MS of slack) is ended with 408 too,
   * as Apache's mod_reqtimeout MinRate (default 500): one byte every few seconds is never idle for
   * long, yet would hold an upstream connection for days. 0 checks idleness only.
   */
  BODY_MIN_BYTES_PER_S: z.coerce.number().int().min(0).default(500),
  /**
   * Connections the gateway keeps to each service; requests past it wait in a queue for one.
   */
  UPSTREAM_MAX_SOCKETS: z.coerce.number().int().positive().default(128),
  /**
   * Requests one client (address; behind a proxy, the TRUST_PROXY one) may have in flight through
   * the gateway, all services together; one more is refused with 429 and Retry-After. Below
   * UPSTREAM_MAX_SOCKETS, so no single client can take every connection to a service.
   */
  UPSTREAM_MAX_PER_CLIENT: z.coerce.number().int().positive().default(64),
  /**
   * After a service answered before the client's whole body arrived (it refused the upload early),
   * the gateway reads and drops up to this much more of the body, so that clients which send their
   * whole body before reading (fetch, browsers) get the answer on a connection they can reuse; past
   * it, the connection is closed.
   */
  BODY_DRAIN_MB: z.coerce.number().min(0).max(1024).default(4),
  /** Retries of a bodiless GET whose connection failed; POSTs (train, predict) are never replayed. */
  UPSTREAM_RETRIES: z.coerce.number().int().min(0).max(10).default(2),
  UPSTREAM_RETRY_BASE_MS: z.coerce.number().int().positive().default(100),
  UPSTREAM_RETRY_MAX_MS: z.coerce.number().int().positive().default(2_000),
  /** Consecutive connection failures to one service that open its circuit (503 at once). */
  BREAKER_FAILURE_THRESHOLD: z.coerce.number().int().positive().default(5),
  /** How long an open circuit refuses calls before one probe request is let through. */
  BREAKER_OPEN_MS: z.coerce.number().int().positive().default(5_000),
  /** API keys as `<key>:<role>` entries (role read or admin), comma-separated; empty means no auth. */
  TABULA_API_KEYS: z.string().default(''),
  /**
   * A file of the same entries, one per line (`#` comments): keeps keys out of the environment.
   * Blank means unset, as compose passes `${TABULA_API_KEYS_FILE:-}` through as an empty string.
   */
  TABULA_API_KEYS_FILE: z.preprocess(blankToUndefined, z.string().optional()),
  /** Requests per API key (per client address without keys) per minute; 0 means no limit. */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(0),
  /**
   * Cluster mode: the PostgreSQL database the trainers and predictors use. The gateway keeps its rate-limit counts
   * (RATE_LIMIT_PER_MINUTE, AUTH_FAILURES_PER_MINUTE) there, so every gateway counts against one budget and a
   * restart forgets nothing. Unset (or blank, as compose passes `${DATABASE_URL:-}`): counts stay in this process.
   */
  DATABASE_URL: z.preprocess(blankToUndefined, z.string().optional()).transform(toDatabaseTarget),
  /**
   * Proxies in front of the gateway whose X-Forwarded-For is believed, for the client address the
   * rate limit counts by: empty (none, the default), a hop count such as 1, or addresses and
   * subnets (loopback, 10.0.0.0/8, …) comma-separated. Only set it when such a proxy exists:
   * otherwise any client could pick its own address by sending the header.
   */
  TRUST_PROXY: z
    .string()
    .default('')
    .transform((text): false | number | string[] => {
      const trimmed = text.trim();
      if (trimmed === '' || trimmed === 'false') return false;
      if (/^\d+$/.test(trimmed)) return Number(trimmed);
      return trimmed.split(',').map((entry) => entry.trim()).filter(Boolean);
    })
    .pipe(
      z.union([
        z.literal(false),
        z.number().int().min(1),
        z.array(
          z.union([z.enum(['loopback', 'linklocal', 'uniquelocal']), z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6()], {
            error: 'must be a hop count such as 1, or addresses and subnets such as loopback,10.0.0.0/8',
          }),
        ),
      ]),
    ),
  /** Browser origins allowed to call the API (comma-separated, or *); empty means CORS is off. */
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((text) => text.split(',').map((origin) => origin.trim()).filter(Boolean))
    .pipe(z.array(z.union([z.literal('*'), z.url({ message: 'must be an origin such as https://app.example.com, or *' })]))),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /**
   * Failed authentications (a wrong key) allowed per client address per minute, refilled evenly; past them the
   * address gets 429 with Retry-After, whatever key it sends, so keys cannot be guessed at request speed. 0 means
   * no limit. Only applies when API keys are set.
   */
  AUTH_FAILURES_PER_MINUTE: z.coerce.number().int().min(0).default(20),
});
export type GatewayConfig = z.infer<typeof GatewayConfigSchema>;

/** The contracts' parser (one reading of DATABASE_URL for every service); its message masks the password. */
function toDatabaseTarget(value: string | undefined, ctx: z.RefinementCtx): DatabaseTarget | undefined {
  if (value === undefined) return undefined;
  try {
    return parseDatabaseUrl(value);
  } catch (error) {
    if (!isTabulaError(error)) throw error;
    ctx.addIssue({ code: 'custom', message: `${error.message} ${error.hint ?? ''}`.trim() });
    return z.NEVER;
  }
}

export const loadGatewayConfig = (env: NodeJS.ProcessEnv = process.env): GatewayConfig =>
  parseEnv(GatewayConfigSchema, env);
