import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { DataKeyContext, GeneratedDataKey, KeyProvider } from './key-provider';

/**
 * Stand-in for KMS in local mode and tests: wraps data keys with AES-256-GCM under an in-memory master
 * key, with the encryption context as additional data so a wrong context fails exactly as it does in KMS.
 * It must never protect real PHI, so it refuses to exist inside Lambda.
 */
export class LocalKeyProvider implements KeyProvider {
  private readonly masterKey: Buffer;

  constructor(masterKey: Buffer = randomBytes(32)) {
    assertNotInLambda();
    if (masterKey.length !== 32) throw new Error('LocalKeyProvider needs a 32-byte master key.');
    this.masterKey = masterKey;
  }

  async generateDataKey(context: DataKeyContext): Promise<GeneratedDataKey> {
    const plaintext = randomBytes(32);
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.masterKey, iv).setAAD(aad(context));
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return { plaintext, wrapped: Buffer.concat([iv, cipher.getAuthTag(), body]) };
  }

  async decryptDataKey(wrapped: Uint8Array, context: DataKeyContext): Promise<Buffer> {
    const buf = Buffer.from(wrapped);
    const decipher = createDecipheriv('aes-256-gcm', this.masterKey, buf.subarray(0, 12)).setAAD(
      aad(context),
    );
    decipher.setAuthTag(buf.subarray(12, 28));
    return Buffer.concat([decipher.update(buf.subarray(28)), decipher.final()]);
  }
}

export function assertNotInLambda(): void {
  if (process.env.AWS_LAMBDA_FUNCTION_NAME) {
    throw new Error(
      'The local key provider is for local mode and tests; it refuses to run inside AWS Lambda.',
    );
  }
}

const aad = (c: DataKeyContext) =>
  Buffer.from(JSON.stringify(['local-kms-v1', c.app, c.table, c.recordId]), 'utf8');
