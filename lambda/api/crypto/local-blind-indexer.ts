import { createHmac } from 'node:crypto';
import type { BlindIndexer } from '../domain/ports';
import { ssnMacInput } from './blind-index-input';
import { assertNotInLambda } from './local-key-provider';

/**
 * HMAC-SHA-256 blind index with an in-process key, for local mode and tests. In AWS the key never leaves
 * KMS (adapters/kms-blind-indexer.ts). The key is separate from every data key: knowing one record's data
 * key does not let anyone test SSN guesses against the index.
 */
export class LocalBlindIndexer implements BlindIndexer {
  constructor(private readonly key: Buffer) {
    assertNotInLambda();
    if (key.length < 32) throw new Error('The blind-index key must be at least 32 bytes.');
  }

  async ssnIndex(ssnDigits: string): Promise<Uint8Array> {
    return createHmac('sha256', this.key).update(ssnMacInput(ssnDigits)).digest();
  }
}
