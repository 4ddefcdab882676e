import { GenerateMacCommand, KMSClient } from '@aws-sdk/client-kms';
import type { BlindIndexer } from '../domain/ports';
import { ssnMacInput } from '../crypto/blind-index-input';

/**
 * HMAC-SHA-256 blind index computed by an HMAC_256 KMS key: the index key never exists outside KMS, so a
 * database dump plus the function's memory is still not enough to brute-force the 10^9 SSN space offline.
 * One KMS call per SSN write or SSN search; reads never need it.
 */
export class KmsBlindIndexer implements BlindIndexer {
  constructor(
    private readonly kms: KMSClient,
    private readonly hmacKeyArn: string,
  ) {}

  async ssnIndex(ssnDigits: string): Promise<Uint8Array> {
    const out = await this.kms.send(
      new GenerateMacCommand({
        KeyId: this.hmacKeyArn,
        MacAlgorithm: 'HMAC_SHA_256',
        Message: ssnMacInput(ssnDigits),
      }),
    );
    if (!out.Mac) throw new Error('KMS returned no MAC.');
    return out.Mac;
  }
}
