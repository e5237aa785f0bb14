import { afterAll, beforeAll } from '@jest/globals';
import { startPlatform, type Platform, type StartPlatformOptions } from './platform.js';

/**
 * Starts the three services before a suite's tests and stops them after. The returned object is
 * filled in when they are up, so tests use it as they would the result of startPlatform().
 */
export function usePlatform(options: StartPlatformOptions = {}): Platform {
  const platform = {} as Platform;
  beforeAll(async () => {
    Object.assign(platform, await startPlatform(options));
  }, 60_000);
  afterAll(async () => {
    await platform.stopAll?.();
  });
  return platform;
}
