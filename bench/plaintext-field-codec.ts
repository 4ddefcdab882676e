import type { EncryptedField } from '../lambda/api/domain/patient';
import type { FieldCodec, RecordKeyRef } from '../lambda/api/domain/ports';

/**
 * The "encryption off" switch: exists only in bench/, which is never bundled into a function, so no
 * deployed configuration can turn field encryption off. Used to measure what encryption costs.
 */
export class PlaintextFieldCodecForBenchmarkOnly implements FieldCodec {
  async createRecordKey(recordId: string, keyVersion = 1): Promise<RecordKeyRef> {
    return { recordId, wrappedKey: Buffer.alloc(0), keyVersion };
  }

  async encrypt(_key: RecordKeyRef, _field: EncryptedField, plaintext: string): Promise<Uint8Array> {
    return Buffer.from(plaintext, 'utf8');
  }

  async decrypt(_key: RecordKeyRef, _field: EncryptedField, stored: Uint8Array): Promise<string> {
    return Buffer.from(stored).toString('utf8');
  }
}
