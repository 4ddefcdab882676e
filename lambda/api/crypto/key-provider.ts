/**
 * Source of per-record data keys. KMS in AWS (adapters/kms-key-provider.ts), a local key in local mode and
 * tests (crypto/local-key-provider.ts). The encryption context is bound to the wrapped key: unwrapping with
 * any other context fails, so a wrapped key copied to another record is useless.
 */
export interface DataKeyContext {
  app: string;
  table: string;
  recordId: string;
}

export interface GeneratedDataKey {
  /** 32 bytes. The caller zeroes it when it is evicted from the cache. */
  plaintext: Buffer;
  wrapped: Uint8Array;
}

export interface KeyProvider {
  generateDataKey(context: DataKeyContext): Promise<GeneratedDataKey>;
  decryptDataKey(wrapped: Uint8Array, context: DataKeyContext): Promise<Buffer>;
}

/** KMS requires a string map; the order of keys does not matter to KMS but does to the local provider. */
export const contextAsMap = (c: DataKeyContext): Record<string, string> => ({
  app: c.app,
  table: c.table,
  recordId: c.recordId,
});
