import { describe, expect, it } from '@jest/globals';
import { ClientSlots } from './client-slots.js';

describe('ClientSlots', () => {
  it('should give each client up to its share, whatever the others hold', () => {
    const slots = new ClientSlots(2);
    expect([slots.tryTake('a'), slots.tryTake('a'), slots.tryTake('a')]).toEqual([true, true, false]);
    expect(slots.tryTake('b')).toBe(true);
    expect([slots.clients, slots.total]).toEqual([2, 3]);
  });

  it('should give a slot back on release and forget a client with none in flight', () => {
    const slots = new ClientSlots(1);
    expect(slots.tryTake('a')).toBe(true);
    expect(slots.tryTake('a')).toBe(false);
    slots.release('a');
    slots.release('a');
    expect([slots.clients, slots.total]).toEqual([0, 0]);
    expect(slots.tryTake('a')).toBe(true);
  });
});
