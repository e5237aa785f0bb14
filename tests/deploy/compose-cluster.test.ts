import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';

// `docker-compose -f docker-compose.cluster.yml config -q` (in .ci/run) checks the file against Compose's schema;
// these check what that cannot: that the gateways' URL lists name exactly the replicas the file runs.

interface ComposeService {
  image?: string;
  environment?: Record<string, string>;
  networks?: string[];
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
}

const FILE = fileURLToPath(new URL('../../../docker-compose.cluster.yml', import.meta.url));
// merge: YAML's `<<` merge keys, which the file uses for what replicas share (as Compose reads them).
const services = (parse(readFileSync(FILE, 'utf8'), { merge: true }) as { services: Record<string, ComposeService> }).services;
const named = (prefix: string) => Object.keys(services).filter((name) => name.startsWith(`${prefix}-`)).sort();
const hosts = (urls: string | undefined) => (urls ?? '').split(',').map((url) => new URL(url).hostname).sort();

describe('docker-compose.cluster.yml', () => {
  it('should run PostgreSQL, MinIO with its bucket made first, gateway ×2, trainer ×2 and predictor ×3', () => {
    expect(Object.keys(services)).toEqual(expect.arrayContaining(['postgres', 'minio', 'minio-init']));
    expect([named('gateway'), named('trainer'), named('predictor')]).toEqual([
      ['gateway-1', 'gateway-2'],
      ['trainer-1', 'trainer-2'],
      ['predictor-1', 'predictor-2', 'predictor-3'],
    ]);
  });

  it.each(['gateway-1', 'gateway-2'])('should have %s list every trainer and every predictor', (gateway) => {
    const environment = services[gateway].environment ?? {};
    expect(hosts(environment.TRAINER_URL)).toEqual(named('trainer'));
    expect(hosts(environment.PREDICTOR_URL)).toEqual(named('predictor'));
    expect(environment.DATABASE_URL).toMatch(/^postgres:\/\/[^@]+@postgres:5432\//);
  });

  it('should give every trainer and predictor the database and the bucket, after the bucket exists', () => {
    for (const name of [...named('trainer'), ...named('predictor')]) {
      const { environment = {}, depends_on: dependsOn = {} } = services[name];
      expect(environment).toMatchObject({ ARTIFACTS_URI: 's3://tabula-models/models', S3_ENDPOINT: 'http://minio:9000', S3_FORCE_PATH_STYLE: 'true' });
      expect(Object.keys(environment)).toEqual(expect.arrayContaining(['DATABASE_URL', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_REGION']));
      expect(dependsOn['minio-init']).toEqual({ condition: 'service_completed_successfully' });
    }
  });

  it('should publish only the gateways, and keep everything else on the internal network', () => {
    const published = Object.entries(services).filter(([, service]) => service.ports).map(([name]) => name);
    expect(published.sort()).toEqual(named('gateway'));
    for (const [name, service] of Object.entries(services)) {
      expect([name, service.networks]).toEqual([name, name.startsWith('gateway-') ? ['edge', 'internal'] : ['internal']]);
    }
  });
});
