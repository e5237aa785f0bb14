import { Agent } from 'node:http';
import { createLogger, runMain, serve } from '@tabula/service-kit';
import { createApp } from './app.js';
import { loadGatewayConfig } from './config.js';

runMain('gateway', async () => {
  const config = loadGatewayConfig();
  const logger = createLogger('gateway', config.LOG_LEVEL);
  // Keep-alive agents reuse connections to the services instead of a TCP handshake per request.
  const agent = () => new Agent({ keepAlive: true, maxSockets: 128 });
  const app = createApp({
    logger,
    trainer: { name: 'trainer', baseUrl: config.TRAINER_URL, agent: agent() },
    predictor: { name: 'predictor', baseUrl: config.PREDICTOR_URL, agent: agent() },
    timeouts: { trainMs: config.TRAIN_TIMEOUT_MS, predictMs: config.PREDICT_TIMEOUT_MS, readMs: config.READ_TIMEOUT_MS },
  });
  await serve(app, {
    port: config.GATEWAY_PORT,
    host: config.HOST,
    logger,
    requestTimeoutMs: config.TRAIN_TIMEOUT_MS + 60_000,
  });
  logger.info({ trainer: config.TRAINER_URL, predictor: config.PREDICTOR_URL }, 'gateway ready');
});
