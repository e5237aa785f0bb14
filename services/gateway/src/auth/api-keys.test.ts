import { describe, expect, it } from '@jest/globals';
import { parseApiKeys } from './api-keys.js';
import { createKeyRing } from './key-ring.js';
import { isPublicPath, requiredRole, roleAllows } from './route-roles.js';

const ADMIN = 'a'.repeat(16);
const READ = 'r'.repeat(20);

describe('parseApiKeys', () => {
  it('should read comma- or newline-separated key:role entries and skip comments', () => {
    expect(parseApiKeys(`# keys\n${ADMIN}:admin\n\n${READ}:read, ${'x'.repeat(16)}:read`)).toEqual([
      { label: 'TABULA_API_KEYS #1', key: ADMIN, role: 'admin' },
      { label: 'TABULA_API_KEYS #2', key: READ, role: 'read' },
      { label: 'TABULA_API_KEYS #3', key: 'x'.repeat(16), role: 'read' },
    ]);
    expect(parseApiKeys('')).toEqual([]);
  });

  it('should refuse short keys, unknown roles, missing roles and duplicates without quoting the key', () => {
    const failure = (text: string) => {
      try {
        parseApiKeys(text);
      } catch (error) {
        return (error as Error).message;
      }
      throw new Error('expected a failure');
    };
    expect(failure('short:admin')).toMatch(/entry 1 the key must be at least 16 characters/);
    expect(failure(`${ADMIN}:root`)).toMatch(/entry 1 the role must be "read" or "admin"/);
    expect(failure(ADMIN)).toMatch(/entry 1 must be "<key>:<role>"/);
    expect(failure(`${ADMIN}:admin,${ADMIN}:read`)).toMatch(/listed twice/);
    for (const text of ['short:admin', `${ADMIN}:root`, ADMIN]) expect(failure(text)).not.toContain(text.split(':')[0]);
  });
});

describe('createKeyRing', () => {
  const find = createKeyRing(parseApiKeys(`${ADMIN}:admin,${READ}:read`));

  it('should find the key presented, and nothing for an unknown, empty or prefix key', () => {
    expect(find(ADMIN)?.role).toBe('admin');
    expect(find(READ)?.role).toBe('read');
    expect(find('')).toBeUndefined();
    expect(find(ADMIN.slice(1))).toBeUndefined();
    expect(find(`${ADMIN}x`)).toBeUndefined();
  });
});

describe('route roles', () => {
  it('should leave only probes and docs public', () => {
    expect(['/health', '/ready', '/docs', '/docs/swagger-ui.css', '/openapi.json'].every(isPublicPath)).toBe(true);
    expect(['/models', '/predict', '/metrics', '/docs/../train', '/healthz'].some(isPublicPath)).toBe(false);
  });

  it('should need admin for every write but scoring, and read for reads', () => {
    expect(requiredRole('GET', '/models/iris/versions/1/export')).toBe('read');
    expect(requiredRole('POST', '/predict')).toBe('read');
    expect(requiredRole('POST', '/predict_batch')).toBe('read');
    expect(requiredRole('POST', '/train')).toBe('admin');
    expect(requiredRole('PUT', '/models/iris/aliases/production')).toBe('admin');
    expect(requiredRole('DELETE', '/models/iris/versions/1')).toBe('admin');
    expect(requiredRole('DELETE', '/jobs/3f1c2a9e-8b7d-4c6e-9f0a-1b2c3d4e5f60')).toBe('admin');
    expect(requiredRole('POST', '/models/iris/import')).toBe('admin');
    expect(requiredRole('PATCH', '/anything-new')).toBe('admin');
    expect([roleAllows('admin', 'admin'), roleAllows('admin', 'read'), roleAllows('read', 'read'), roleAllows('read', 'admin')]).toEqual([
      true,
      true,
      true,
      false,
    ]);
  });
});
