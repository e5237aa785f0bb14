import type { ModelSchemaResponse } from '@tabula/contracts';
import type { ModelStore } from '@tabula/model-store';
import type { ModelRef } from './model-registry.js';
import { toModelSchema } from './read-model-schema.js';

/** Versions whose schema is kept: a schema is a few KB, and a predictor serves a handful of versions at a time. */
const DEFAULT_MAX_ENTRIES = 256;

/**
 * The input schema of each resolved version, read from the registry once and then kept: versions
 * are immutable and their numbers never reused, so an entry never goes stale (as ModelRegistry's
 * cache). Without it every JSON prediction would read metadata.json, or query PostgreSQL, once more.
 * A small LRU by count; concurrent first requests for a version share one read.
 */
export class SignatureCache {
  private readonly entries = new Map<string, Promise<ModelSchemaResponse>>();

  constructor(
    private readonly store: Pick<ModelStore, 'readMetadata'>,
    private readonly maxEntries = DEFAULT_MAX_ENTRIES,
  ) {}

  get({ name, version }: ModelRef): Promise<ModelSchemaResponse> {
    const key = `${name}@${version}`;
    let entry = this.entries.get(key);
    if (entry === undefined) {
      entry = this.store.readMetadata(name, version).then(toModelSchema);
      // A failed read (a version deleted meanwhile) is not kept: the next request asks again.
      entry.catch(() => this.entries.get(key) === entry && this.entries.delete(key));
      if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    } else {
      this.entries.delete(key);
    }
    this.entries.set(key, entry);
    return entry;
  }
}
