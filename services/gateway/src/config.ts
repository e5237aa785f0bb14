import { z } from '@tabula/contracts';
import { parseEnv } from '@tabula/service-kit';

// Plain HTTP: the services sit on the compose network behind the gateway.
const url = (fallback: string) =>
  z.url({ protocol: /^http$/, message: 'must be an http:// URL such as http://trainer:8001' }).default(fallback);

export const GatewayConfigSchema = z.object({
  GATEWAY_PORT: z.coerce.number().int().min(0).max(65535).default(8000),
  HOST: z.string().default('0.0.0.0'),
  TRAINER_URL: url('http://127.0.0.1:8001'),
  PREDICTOR_URL: url('http://127.0.0.1:8002'),
  /** Training a large model legitimately takes minutes. */
  TRAIN_TIMEOUT_MS: z.coerce.number().int().positive().default(30 * 60 * 1000),
  PREDICT_TIMEOUT_MS: z.coerce.number().int().positive().default(5 * 60 * 1000),
  READ_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});
export type GatewayConfig = z.infer<typeof GatewayConfigSchema>;

export const loadGatewayConfig = (env: NodeJS.ProcessEnv = process.env): GatewayConfig =>
  parseEnv(GatewayConfigSchema, env);
