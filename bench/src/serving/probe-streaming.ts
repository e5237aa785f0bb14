import { createAgent, multipartRequest, send } from './http-client.js';
import { FEATURE_NAMES } from './synthetic-csv.js';

/**
 * Whether POST /predict?format=csv streams text/csv rows (the streaming contract), asked once with a
 * 2-row file so the bench can skip, and say it skipped, the parts that need it on a build without it.
 */
export async function probeCsvStreaming(
  gatewayUrl: string,
  modelName: string,
): Promise<{ isSupported: boolean; reason: string }> {
  const row = (value: string) => FEATURE_NAMES.map(() => value).join(',');
  const csv = Buffer.from(`${FEATURE_NAMES.join(',')}\n${row('0.1')}\n${row('-0.1')}\n`);
  const agent = createAgent(1);
  try {
    const url = new URL(`/predict?format=csv&model_name=${modelName}`, gatewayUrl);
    const res = await send(agent, multipartRequest(url, {}, csv, 'text/csv'));
    const lines = res.body.toString('utf8').trim().split('\n');
    const isCsvRows = res.contentType.startsWith('text/csv') && lines[0].startsWith('row,prediction') && lines.length === 3;
    if (res.status === 200 && isCsvRows) {
      return { isSupported: true, reason: 'POST /predict?format=csv answers text/csv rows' };
    }
    const answer = `${res.status} ${res.contentType}: ${res.body.toString('utf8', 0, 200)}`;
    return { isSupported: false, reason: `POST /predict?format=csv answered ${answer}` };
  } finally {
    agent.destroy();
  }
}
