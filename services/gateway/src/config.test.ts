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
});
