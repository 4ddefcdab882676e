import { DecryptCommand, GenerateDataKeyCommand, KMSClient, ReEncryptCommand } from '@aws-sdk/client-kms';
import { contextAsMap, DataKeyContext, GeneratedDataKey, KeyProvider } from '../crypto/key-provider';

/**
 * Data keys from AWS KMS. The key policy (issue 5) lets only the API role call GenerateDataKey/Decrypt,
 * and only with an encryption context carrying this app's name, so a stolen wrapped key cannot be
 * unwrapped by another principal or for another record.
 */
export class KmsKeyProvider implements KeyProvider {
  constructor(
    private readonly kms: KMSClient,
    private readonly keyArn: string,
  ) {}

  async generateDataKey(context: DataKeyContext): Promise<GeneratedDataKey> {
    const out = await this.kms.send(
      new GenerateDataKeyCommand({
        KeyId: this.keyArn,
        KeySpec: 'AES_256',
        EncryptionContext: contextAsMap(context),
      }),
    );
    if (!out.Plaintext || !out.CiphertextBlob) throw new Error('KMS returned no data key.');
    return { plaintext: Buffer.from(out.Plaintext), wrapped: out.CiphertextBlob };
  }

  async decryptDataKey(wrapped: Uint8Array, context: DataKeyContext): Promise<Buffer> {
    // KeyId pins the key: KMS would otherwise accept a blob wrapped under any key the role can use.
    const out = await this.kms.send(
      new DecryptCommand({
        KeyId: this.keyArn,
        CiphertextBlob: wrapped,
        EncryptionContext: contextAsMap(context),
      }),
    );
    if (!out.Plaintext) throw new Error('KMS returned no plaintext.');
    return Buffer.from(out.Plaintext);
  }

  /**
   * Re-wrap path (docs/api.md, key rotation): moves a record's data key under another KMS key without the
   * plaintext key or any field leaving KMS. Field ciphertexts are unchanged because the data key is.
   */
  async rewrapDataKey(
    wrapped: Uint8Array,
    context: DataKeyContext,
    destinationKeyArn: string,
  ): Promise<Uint8Array> {
    const ctx = contextAsMap(context);
    const out = await this.kms.send(
      new ReEncryptCommand({
        CiphertextBlob: wrapped,
        SourceKeyId: this.keyArn,
        SourceEncryptionContext: ctx,
        DestinationKeyId: destinationKeyArn,
        DestinationEncryptionContext: ctx,
      }),
    );
    if (!out.CiphertextBlob) throw new Error('KMS returned no ciphertext.');
    return out.CiphertextBlob;
  }
}
