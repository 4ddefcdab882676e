import { createHash } from 'node:crypto';

/**
 * Bounded, short-lived cache of unwrapped data keys. Without it every read of a record would call KMS
 * (latency, cost, and KMS request quotas); with it a warm function reading the same records calls KMS
 * about once per record per TTL. The bound limits how many plaintext keys a memory dump could expose,
 * and evicted keys are zeroed.
 */
export class DataKeyCache {
  private readonly entries = new Map<string, { key: Buffer; expiresAt: number }>();

  constructor(
    private readonly maxEntries: number,
    private readonly ttlMs: number,
    private readonly nowMs: () => number = Date.now,
  ) {
    if (maxEntries < 1 || ttlMs < 1) throw new Error('DataKeyCache needs maxEntries >= 1 and ttlMs >= 1.');
  }

  /** The cache key covers the record id as well as the wrapped key, mirroring the KMS encryption context. */
  static keyFor(recordId: string, wrapped: Uint8Array): string {
    return createHash('sha256').update(recordId).update('\0').update(wrapped).digest('base64');
  }

  get(id: string): Buffer | undefined {
    const e = this.entries.get(id);
    if (!e) return undefined;
    if (e.expiresAt <= this.nowMs()) {
      this.evict(id);
      return undefined;
    }
    // Re-insert so Map iteration order is least-recently-used first.
    this.entries.delete(id);
    this.entries.set(id, e);
    return e.key;
  }

  set(id: string, key: Buffer): void {
    if (this.entries.has(id)) this.evict(id);
    while (this.entries.size >= this.maxEntries) this.evict(this.entries.keys().next().value as string);
    this.entries.set(id, { key, expiresAt: this.nowMs() + this.ttlMs });
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    for (const id of [...this.entries.keys()]) this.evict(id);
  }

  private evict(id: string): void {
    this.entries.get(id)?.key.fill(0);
    this.entries.delete(id);
  }
}
