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
});
