import { describe, expect, it } from '@jest/globals';
import { z } from '../z.js';
import { issuesToDetails, joinDetails } from './issues-to-details.js';

const Params = z.strictObject({ max_depth: z.number().int().min(1), class_weight: z.object({ mode: z.string() }).optional() });
const issuesOf = (value: unknown) => Params.safeParse(value).error?.issues ?? [];

describe('issuesToDetails(issues, options)', () => {
  it('should give each issue its dotted path and zod message', () => {
    expect(issuesToDetails(issuesOf({ max_depth: 0, class_weight: { mode: 1 } }))).toEqual([
      { path: 'max_depth', message: expect.stringContaining('>=1') },
      { path: 'class_weight.mode', message: expect.stringContaining('expected string') },
    ]);
  });

  it('should name an issue with the whole value "(root)", or the prefix when there is one', () => {
    expect(issuesToDetails(issuesOf(7))).toEqual([{ path: '(root)', message: expect.stringContaining('expected object') }]);
    expect(issuesToDetails(issuesOf(7), { prefix: 'model_params' })).toEqual([{ path: 'model_params', message: expect.any(String) }]);
  });

  it('should list unknown keys as one detail, or one per key under the prefix when given a message for them', () => {
    const issues = issuesOf({ max_depth: 2, depth: 3, trees: 9 });
    expect(issuesToDetails(issues)).toEqual([{ path: '(root)', message: expect.stringContaining('"depth"') }]);
    expect(issuesToDetails(issues, { prefix: 'model_params', unknownKeyMessage: 'unknown parameter' })).toEqual([
      { path: 'model_params.depth', message: 'unknown parameter' },
      { path: 'model_params.trees', message: 'unknown parameter' },
    ]);
  });
});

describe('joinDetails(details)', () => {
  it('should read the details as one phrase for a message', () => {
    expect(joinDetails([{ path: 'a', message: 'is bad' }, { path: 'b', message: 'is worse' }])).toBe('a is bad; b is worse');
  });
});
