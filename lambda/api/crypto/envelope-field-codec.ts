import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { EncryptedField } from '../domain/patient';
import type { FieldCodec, RecordKeyRef } from '../domain/ports';
import { DataKeyCache } from './data-key-cache';
import { KeyProvider } from './key-provider';

/**
 * AES-256-GCM per field under a per-record data key (envelope encryption).
 *
 * Stored layout: 0x01 | 12-byte IV | 16-byte tag | ciphertext. The additional authenticated data binds
 * the ciphertext to (table, record id, field name, key version): a value copied to another row, another
 * column, or kept from before a re-wrap fails authentication instead of decrypting as the wrong data.
 * A fresh random IV per encryption is safe here because one data key encrypts only a handful of fields
 * over the life of a record, far below the 2^32 random-IV limit for GCM.
 */
export class EnvelopeFieldCodec implements FieldCodec {
  static readonly FORMAT_V1 = 0x01;
  private keyProviderCalls = 0;

  constructor(
    private readonly keys: KeyProvider,
    private readonly cache: DataKeyCache,
    private readonly app: string,
    private readonly table = 'patients',
  ) {}

  /** For the benchmark and tests: how often the key provider (KMS) was called. */
  get keyProviderCallCount(): number {
    return this.keyProviderCalls;
  }

  async createRecordKey(recordId: string, keyVersion = 1): Promise<RecordKeyRef> {
    this.keyProviderCalls += 1;
    const { plaintext, wrapped } = await this.keys.generateDataKey(this.context(recordId));
    this.cache.set(DataKeyCache.keyFor(recordId, wrapped), plaintext);
    return { recordId, wrappedKey: wrapped, keyVersion };
  }

  async encrypt(ref: RecordKeyRef, field: EncryptedField, plaintext: string): Promise<Uint8Array> {
    const key = await this.dataKey(ref);
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(this.aad(ref, field));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.of(EnvelopeFieldCodec.FORMAT_V1), iv, cipher.getAuthTag(), body]);
  }

  async decrypt(ref: RecordKeyRef, field: EncryptedField, stored: Uint8Array): Promise<string> {
    const buf = Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength);
    if (buf.length < 29 || buf[0] !== EnvelopeFieldCodec.FORMAT_V1) {
      throw new FieldDecryptionError();
    }
    const key = await this.dataKey(ref);
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, buf.subarray(1, 13)).setAAD(this.aad(ref, field));
      decipher.setAuthTag(buf.subarray(13, 29));
      return Buffer.concat([decipher.update(buf.subarray(29)), decipher.final()]).toString('utf8');
    } catch {
      // The OpenSSL message says nothing useful and the type is what callers branch on.
      throw new FieldDecryptionError();
    }
  }

  private async dataKey(ref: RecordKeyRef): Promise<Buffer> {
    const id = DataKeyCache.keyFor(ref.recordId, ref.wrappedKey);
    const cached = this.cache.get(id);
    if (cached) return cached;
    this.keyProviderCalls += 1;
    const key = await this.keys.decryptDataKey(ref.wrappedKey, this.context(ref.recordId));
    this.cache.set(id, key);
    return key;
  }

  private context(recordId: string) {
    return { app: this.app, table: this.table, recordId };
  }

  private aad(ref: RecordKeyRef, field: EncryptedField): Buffer {
    return Buffer.from(JSON.stringify(['field-v1', this.table, ref.recordId, field, ref.keyVersion]), 'utf8');
  }
}

export class FieldDecryptionError extends Error {
  constructor() {
    super('A protected field failed authentication.');
    this.name = 'FieldDecryptionError';
  }
}
