import { describe, expect, it } from '@jest/globals';
import { loadGatewayConfig } from './config.js';

describe('loadGatewayConfig', () => {
  it('should read the blank variables docker-compose passes through (${VAR:-}) as unset', () => {
    const config = loadGatewayConfig({ TABULA_API_KEYS: '', TABULA_API_KEYS_FILE: '', CORS_ORIGINS: '', RATE_LIMIT_PER_MINUTE: '0' });

    expect(config).toMatchObject({ TABULA_API_KEYS: '', TABULA_API_KEYS_FILE: undefined, CORS_ORIGINS: [], RATE_LIMIT_PER_MINUTE: 0 });
  });

  it('should keep a keys file that is named', () => {
    expect(loadGatewayConfig({ TABULA_API_KEYS_FILE: '/run/secrets/tabula-keys' }).TABULA_API_KEYS_FILE).toBe('/run/secrets/tabula-keys');
  });

  it('should read one service URL as a list of one, as before lists existed, and a comma-separated list in order', () => {
    expect(loadGatewayConfig({})).toMatchObject({ TRAINER_URL: ['http://127.0.0.1:8001'], PREDICTOR_URL: ['http://127.0.0.1:8002'] });
    expect(loadGatewayConfig({ TRAINER_URL: 'http://trainer:8001' }).TRAINER_URL).toEqual(['http://trainer:8001']);
    expect(loadGatewayConfig({ PREDICTOR_URL: 'http://p-1:8002, http://p-2:8002,http://p-3:8002' }).PREDICTOR_URL).toEqual([
      'http://p-1:8002',
      'http://p-2:8002',
      'http://p-3:8002',
    ]);
  });

  it('should refuse a list with an entry that is no http:// URL, naming the variable and the entry', () => {
    expect(() => loadGatewayConfig({ PREDICTOR_URL: 'http://p-1:8002,p-2:8002' })).toThrow(
      /Invalid environment configuration:\n {2}PREDICTOR_URL\.1: must be an http:\/\/ URL such as http:\/\/trainer:8001/,
    );
    expect(() => loadGatewayConfig({ TRAINER_URL: 'https://trainer:8001' })).toThrow(/TRAINER_URL\.0: must be an http:\/\/ URL/);
    expect(() => loadGatewayConfig({ TRAINER_URL: 'http://t-1:8001,' })).toThrow(/TRAINER_URL\.1: must be an http:\/\/ URL/);
    expect(() => loadGatewayConfig({ TRAINER_URL: 'http://t-1:8001,http://t-1:8001' })).toThrow(/TRAINER_URL: lists the same URL twice/);
  });

  it('should trust no proxy by default, and read a hop count or a list of addresses and subnets', () => {
    expect(loadGatewayConfig({}).TRUST_PROXY).toBe(false);
    expect(loadGatewayConfig({ TRUST_PROXY: '' }).TRUST_PROXY).toBe(false);
    expect(loadGatewayConfig({ TRUST_PROXY: '1' }).TRUST_PROXY).toBe(1);
    expect(loadGatewayConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8,::1' }).TRUST_PROXY).toEqual(['loopback', '10.0.0.0/8', '::1']);
  });

  it('should refuse a TRUST_PROXY entry that is no address, subnet or hop count, naming the variable', () => {
    for (const value of ['true', 'proxy.example.com', '10.0.0.0/40']) {
      expect(() => loadGatewayConfig({ TRUST_PROXY: value })).toThrow(/TRUST_PROXY/);
    }
  });

  it('should limit failed authentications to 20 per address and minute unless told otherwise (0: off)', () => {
    expect(loadGatewayConfig({}).AUTH_FAILURES_PER_MINUTE).toBe(20);
    expect(loadGatewayConfig({ AUTH_FAILURES_PER_MINUTE: '0' }).AUTH_FAILURES_PER_MINUTE).toBe(0);
    expect(() => loadGatewayConfig({ AUTH_FAILURES_PER_MINUTE: '-1' })).toThrow(/AUTH_FAILURES_PER_MINUTE/);
  });

  it('should bound slow bodies and each client by default, and read the bounds from the environment', () => {
    expect(loadGatewayConfig({})).toMatchObject({
      BODY_IDLE_TIMEOUT_MS: 30_000,
      BODY_MIN_BYTES_PER_S: 500,
      BODY_DRAIN_MB: 4,
      UPSTREAM_MAX_SOCKETS: 128,
      UPSTREAM_MAX_PER_CLIENT: 64,
    });
    const set = loadGatewayConfig({ BODY_IDLE_TIMEOUT_MS: '1000', BODY_MIN_BYTES_PER_S: '0', BODY_DRAIN_MB: '0.5', UPSTREAM_MAX_SOCKETS: '4', UPSTREAM_MAX_PER_CLIENT: '2' });
    expect(set).toMatchObject({ BODY_IDLE_TIMEOUT_MS: 1000, BODY_MIN_BYTES_PER_S: 0, BODY_DRAIN_MB: 0.5, UPSTREAM_MAX_SOCKETS: 4, UPSTREAM_MAX_PER_CLIENT: 2 });
  });

  it('should refuse a bound that is not a positive number, naming the variable', () => {
    for (const [name, value] of [['BODY_IDLE_TIMEOUT_MS', '0'], ['UPSTREAM_MAX_SOCKETS', 'many'], ['UPSTREAM_MAX_PER_CLIENT', '-1'], ['BODY_MIN_BYTES_PER_S', '1.5']]) {
      expect(() => loadGatewayConfig({ [name]: value })).toThrow(new RegExp(name));
    }
  });

  it('should count rate limits in memory without DATABASE_URL (unset or blank), and read one as host, port and user', () => {
    expect(loadGatewayConfig({}).DATABASE_URL).toBeUndefined();
    expect(loadGatewayConfig({ DATABASE_URL: '' }).DATABASE_URL).toBeUndefined();
    expect(loadGatewayConfig({ DATABASE_URL: 'postgres://tabula:s3cret@db.internal:6543/tabula' }).DATABASE_URL).toMatchObject({
      connectionString: 'postgres://tabula:s3cret@db.internal:6543/tabula',
      hostPort: 'db.internal:6543',
      user: 'tabula',
    });
  });

  it('should refuse a DATABASE_URL that is no postgres:// URL, saying how to write one and never showing the password', () => {
    const failure = (value: string) => {
      try {
        loadGatewayConfig({ DATABASE_URL: value });
      } catch (error) {
        return (error as Error).message;
      }
      throw new Error('expected a failure');
    };
    expect(failure('mysql://tabula:s3cret@db:3306/tabula')).toMatch(/DATABASE_URL: .*must start with postgres:\/\/ or postgresql:\/\/.*Write it as postgres:\/\//);
    expect(failure('mysql://tabula:s3cret@db:3306/tabula')).not.toContain('s3cret');
    expect(failure('db.internal:5432')).toMatch(/DATABASE_URL/);
  });
});
