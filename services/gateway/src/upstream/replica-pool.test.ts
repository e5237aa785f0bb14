import { Agent } from 'node:http';
import { describe, expect, it } from '@jest/globals';
import { createLogger } from '@tabula/service-kit';
import { ReplicaPool, type Replica } from './replica-pool.js';

// Where the pool sends calls. Nothing listens at these addresses: a replica taken out is probed in the background
// (unref'd, refused at once), and these tests never wait for a probe.

const targets = (count: number) =>
  Array.from({ length: count }, (_, i) => ({ name: 'predictor', baseUrl: `http://127.0.0.1:${9 + i}`, agent: new Agent() }));

function pool(count: number) {
  const rotation: Array<[string, boolean]> = [];
  const replicas = new ReplicaPool('predictor', targets(count), {
    logger: createLogger('gateway', 'silent'),
    probeIntervalMs: 60_000,
    probeTimeoutMs: 100,
    onRotation: (replica, isIn) => rotation.push([replica.id, isIn]),
  });
  return { replicas, rotation };
}

const ids = (picked: Replica[]) => picked.map((replica) => replica.id);

describe('ReplicaPool', () => {
  describe('.pick(tried)', () => {
    it('should take equally busy replicas in turn', () => {
      const { replicas } = pool(3);
      expect(ids(Array.from({ length: 6 }, () => replicas.pick()))).toEqual(['predictor-1', 'predictor-2', 'predictor-3', 'predictor-1', 'predictor-2', 'predictor-3']);
    });

    it('should take the replica with the fewest calls in flight', () => {
      const { replicas } = pool(3);
      replicas.replicas[0].inFlight = 2;
      replicas.replicas[1].inFlight = 1;
      replicas.replicas[2].inFlight = 3;
      expect(ids([replicas.pick(), replicas.pick(), replicas.pick()])).toEqual(['predictor-2', 'predictor-2', 'predictor-2']);
    });

    it('should skip a replica out of rotation, and one already tried, while another is left', () => {
      const { replicas } = pool(3);
      const [first, second, third] = replicas.replicas;
      expect(replicas.onFailure(first, 'ECONNREFUSED')).toBe(true);
      expect(ids(Array.from({ length: 4 }, () => replicas.pick()))).not.toContain('predictor-1');
      expect(replicas.pick(new Set([second])).id).toBe('predictor-3');
      expect(replicas.pick(new Set([second, third])).id).toBe('predictor-1');
    });

    it('should still pick a replica when every one is out: the circuit breaker decides, not the pool', () => {
      const { replicas } = pool(2);
      const [first, second] = replicas.replicas;
      expect(replicas.onFailure(first, 'ECONNREFUSED')).toBe(true);
      expect(replicas.onFailure(second, 'ECONNRESET')).toBe(false);
      expect(['predictor-1', 'predictor-2']).toContain(replicas.pick().id);
    });
  });

  describe('rotation', () => {
    it('should report each replica in at the start, out on a failure or a /ready other than 200, and in on a 200', () => {
      const { replicas, rotation } = pool(2);
      const [first, second] = replicas.replicas;
      replicas.onFailure(first, 'ECONNREFUSED');
      replicas.onFailure(first, 'ECONNREFUSED');
      replicas.onReadiness(second, false, '/ready answered 503');
      replicas.onReadiness(first, true, 'ready');
      expect(rotation).toEqual([['predictor-1', true], ['predictor-2', true], ['predictor-1', false], ['predictor-2', false], ['predictor-1', true]]);
    });

    it('should never take out a lone replica, named after its service: with one URL the breaker alone decides', () => {
      const { replicas, rotation } = pool(1);
      const [only] = replicas.replicas;
      expect(replicas.onFailure(only, 'ECONNREFUSED')).toBe(false);
      replicas.onReadiness(only, false, '/ready answered 503');
      expect(only.isOut).toBe(false);
      expect(rotation).toEqual([['predictor', true]]);
    });
  });
});
