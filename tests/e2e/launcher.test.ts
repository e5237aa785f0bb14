import { createServer, type Server } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { get, getJson, request } from '../support/http.js';
import { freePort, SERVICE_NAMES } from '../support/platform.js';
import { isAlive, servicePids, startLauncher, waitGone, type Launcher } from '../support/launcher.js';

// `npm start` as a user runs it (install and compile skipped): the ready banner only once every service answers
// /ready, a crashed service restarted while the others keep serving, and every way of stopping it stopping all three.

const BANNER = /tabula: ready in [\d.]+ s\b[^\n]*\n/;
const STARTUP_MS = 90_000;

const expectUp = async (url: string) => expect((await getJson(`${url}/health`)).status).toBe(200);

describe('npm start: the launcher', () => {
  describe('supervising the three services', () => {
    let launcher: Launcher;
    let pids: ReturnType<typeof servicePids>;

    beforeAll(async () => {
      launcher = await startLauncher();
      await launcher.waitFor(BANNER, { timeoutMs: STARTUP_MS });
      pids = servicePids(launcher.output());
    }, STARTUP_MS + 10_000);

    afterAll(async () => {
      await launcher?.cleanUp();
    });

    it('should print the ready banner, with the gateway and docs URLs and every pid, once all three answer /ready', async () => {
      for (const name of SERVICE_NAMES) {
        const ready = await getJson(`${launcher.urls[name]}/ready`);
        expect({ name, status: ready.status }).toEqual({ name, status: 200 });
      }
      expect(Object.keys(pids).sort()).toEqual([...SERVICE_NAMES].sort());
      const banner = launcher.output().match(BANNER)?.[0] ?? '';
      expect(banner).toContain(`:${launcher.ports.gateway}/docs`);
      // The gateway reaches trainer and predictor on the ports it was given, not 8001 and 8002.
      expect((await getJson(`${launcher.urls.gateway}/models`)).status).toBe(200);
    });

    it('should serve the edges every user hits: / goes to /docs, a malformed escape is a 400 on each service', async () => {
      const root = await fetch(`${launcher.urls.gateway}/`, { redirect: 'manual' });
      expect(root.status).toBe(302);
      expect(root.headers.get('location')).toBe('/docs');
      const malformed = [
        await get(`${launcher.urls.gateway}/models/%E0%A4%A`),
        await get(`${launcher.urls.gateway}/models/%zz`),
        await get(`${launcher.urls.predictor}/models/%zz/versions`),
        await request(`${launcher.urls.trainer}/models/%zz/versions/1`, { method: 'DELETE' }),
      ];
      expect(malformed.map((res) => [res.status, res.body?.error?.code])).toEqual(Array(4).fill([400, 'INVALID_INPUT']));
    });

    it('should restart a killed predictor with backoff, log it, and keep the gateway and trainer up', async () => {
      const from = launcher.output().length;
      process.kill(pids.predictor, 'SIGKILL');

      const crash = await launcher.waitFor(/tabula: predictor \(pid (\d+)\) exited with signal SIGKILL[^\n]*restarting it in (\d+) s/, { from });
      expect(Number(crash[1])).toBe(pids.predictor);
      expect(Number(crash[2])).toBeGreaterThanOrEqual(1);
      await expectUp(launcher.urls.gateway);
      await expectUp(launcher.urls.trainer);

      const again = await launcher.waitFor(/tabula: predictor is ready again \(pid (\d+)\)/, { from });
      const newPid = Number(again[1]);
      expect(newPid).not.toBe(pids.predictor);
      expect(isAlive(newPid)).toBe(true);
      expect((await getJson(`${launcher.urls.predictor}/ready`)).status).toBe(200);
      // Through the gateway too: its circuit and connections to the predictor recover.
      expect((await getJson(`${launcher.urls.gateway}/ready`)).status).toBe(200);
      expect([isAlive(pids.gateway), isAlive(pids.trainer)]).toEqual([true, true]);
      pids.predictor = newPid;
    });

    it('should wait twice as long before restarting a service that crashes again soon after', async () => {
      const from = launcher.output().length;
      process.kill(pids.predictor, 'SIGKILL');
      const crash = await launcher.waitFor(/tabula: predictor \(pid \d+\) exited with signal SIGKILL[^\n]*restarting it in (\d+) s \(restart (\d+)\)/, { from });
      expect([Number(crash[1]), Number(crash[2])]).toEqual([2, 2]);
      pids.predictor = Number((await launcher.waitFor(/tabula: predictor is ready again \(pid (\d+)\)/, { from }))[1]);
      await expectUp(launcher.urls.gateway);
    });

    it('should stop all three on SIGTERM and exit 0 once they are gone', async () => {
      launcher.child.kill('SIGTERM');
      const { code, signal } = await launcher.exited;
      expect({ code, signal }).toEqual({ code: 0, signal: null });
      // The launcher exits only after its children did, so there is nothing to wait for.
      expect(Object.values(pids).filter(isAlive)).toEqual([]);
      expect(launcher.output()).toMatch(/tabula: SIGTERM received; stopping/);
    });
  });

  describe('stopping', () => {
    let launcher: Launcher | undefined;
    afterEach(async () => {
      await launcher?.cleanUp();
      launcher = undefined;
    });

    it.each(['SIGINT', 'SIGHUP'] as const)('should stop all three on %s to the launcher', async (stopSignal) => {
      launcher = await startLauncher();
      await launcher.waitFor(BANNER, { timeoutMs: STARTUP_MS });
      const pids = Object.values(servicePids(launcher.output()));
      launcher.child.kill(stopSignal);
      expect(await launcher.exited).toEqual({ code: 0, signal: null });
      expect(pids.filter(isAlive)).toEqual([]);
    }, STARTUP_MS + 30_000);

    it.each([
      ['SIGTERM', /tabula: SIGTERM received; stopping/],
      // npm cannot pass SIGKILL on: the launcher notices that its parent is gone.
      ['SIGKILL', /tabula: the parent process \(pid \d+\) is gone; stopping/],
    ] as Array<[NodeJS.Signals, RegExp]>)('should stop all three when `npm start` itself gets %s', async (npmSignal, said) => {
      launcher = await startLauncher({ via: 'npm' });
      await launcher.waitFor(BANNER, { timeoutMs: STARTUP_MS });
      const pids = Object.values(servicePids(launcher.output()));
      const launcherPid = Number(launcher.output().match(/kill (\d+)/)?.[1]);
      expect(launcherPid).not.toBe(launcher.child.pid);

      const from = launcher.output().length;
      launcher.child.kill(npmSignal);
      await launcher.exited;
      expect(await waitGone([launcherPid, ...pids])).toEqual([]);
      // The launcher's output pipe is inherited from npm, so its last lines arrive even after npm is gone.
      await launcher.waitFor(said, { from });
    }, STARTUP_MS + 30_000);
  });

  describe('a service that cannot start', () => {
    let blocker: Server;
    let launcher: Launcher | undefined;
    afterAll(async () => {
      await launcher?.cleanUp();
      blocker?.close();
    });

    it('should be named with its exit code and last stderr lines, and the others stopped', async () => {
      const port = await freePort();
      blocker = createServer();
      await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
      launcher = await startLauncher({ ports: { predictor: port } });

      const { code } = await launcher.exited;
      expect(code).toBe(1);
      expect(launcher.output()).toMatch(/tabula: predictor exited with code 1 before it was ready[^\n]*\n[^]*EADDRINUSE/);
      expect(launcher.output()).not.toMatch(BANNER);
      const others = Object.values(servicePids(launcher.output()));
      expect(others.length).toBeGreaterThanOrEqual(2);
      expect(others.filter(isAlive)).toEqual([]);
    }, STARTUP_MS);
  });
});
