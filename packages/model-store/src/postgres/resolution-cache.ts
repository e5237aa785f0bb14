import type { DatabaseTarget } from '@tabula/contracts';
import { RegistryEvents, type RegistryChange } from './registry-events.js';

/** Told of every committed registry change that a store handle hears (see PostgresModelStore.onRegistryChange). */
export type RegistryChangeListener = (change: RegistryChange) => void;

// A bound on what one handle keeps, far above a real registry's refs (answers are cached only for names, versions
// and aliases that exist): past it, everything is dropped and the cache refills from what is asked.
const MAX_ENTRIES = 50_000;

/**
 * What resolveVersion and hasVersion answered, per model, so that a predictor's every request needs no database
 * round trip. Correctness rests on LISTEN/NOTIFY (RegistryEvents): a model's answers are dropped when a write to it
 * commits anywhere, everything is dropped when LISTEN is lost or comes back, and while it is down every call goes to
 * the database. Only answers are kept, never errors: a miss (unknown model, deleted version) always asks again.
 *
 * A generation counter closes the race of a query that started before a change and answers after it: its answer is
 * kept only if no drop happened meanwhile.
 */
export class ResolutionCache {
  private readonly models = new Map<string, Map<string, number | boolean>>();
  private readonly listeners = new Set<RegistryChangeListener>();
  private readonly events: RegistryEvents;
  private generation = 0;
  private size = 0;

  constructor(target: DatabaseTarget) {
    this.events = new RegistryEvents(target, {
      onChange: (change) => {
        if (change === null) {
          this.dropAll();
          return;
        }
        this.dropModel(change.model_name);
        for (const listener of this.listeners) listener(change);
      },
      onReset: () => this.dropAll(),
    });
  }

  /** Starts listening; throws the driver's error when the database cannot be reached. */
  start(): Promise<void> {
    return this.events.start();
  }

  /** Whether answers are being cached: only while LISTEN is in force. */
  get isLive(): boolean {
    return this.events.isListening;
  }

  /** The cached answer for (model, key), or query's, kept if the cache is live and nothing changed meanwhile. */
  async answer<T extends number | boolean>(name: string, key: string, query: () => Promise<T>): Promise<T> {
    if (!this.isLive) return query();
    const known = this.models.get(name)?.get(key);
    if (known !== undefined) return known as T;
    const generation = this.generation;
    const value = await query();
    if (generation === this.generation && this.isLive) this.keep(name, key, value);
    return value;
  }

  /** After this handle's own write to a model: its answers go now, not when its own notification comes back. */
  dropModel(name: string): void {
    this.generation += 1;
    this.size -= this.models.get(name)?.size ?? 0;
    this.models.delete(name);
  }

  /** Subscribes to committed changes; returns the unsubscribe function. */
  onChange(listener: RegistryChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): Promise<void> {
    this.listeners.clear();
    this.dropAll();
    return this.events.close();
  }

  private dropAll(): void {
    this.generation += 1;
    this.models.clear();
    this.size = 0;
  }

  private keep(name: string, key: string, value: number | boolean): void {
    if (this.size >= MAX_ENTRIES) this.dropAll();
    let answers = this.models.get(name);
    if (answers === undefined) {
      answers = new Map();
      this.models.set(name, answers);
    }
    if (!answers.has(key)) this.size += 1;
    answers.set(key, value);
  }
}
