import { DataKeyCache } from '../../../lambda/api/crypto/data-key-cache';
import { EnvelopeFieldCodec, FieldDecryptionError } from '../../../lambda/api/crypto/envelope-field-codec';
import { LocalBlindIndexer } from '../../../lambda/api/crypto/local-blind-indexer';
import { LocalKeyProvider } from '../../../lambda/api/crypto/local-key-provider';

const RECORD_A = '11111111-1111-4111-8111-111111111111';
const RECORD_B = '22222222-2222-4222-8222-222222222222';

function codec(cache = new DataKeyCache(100, 60_000)) {
  const keys = new LocalKeyProvider();
  return { keys, cache, codec: new EnvelopeFieldCodec(keys, cache, 'test-app') };
}

describe('EnvelopeFieldCodec (AES-256-GCM, AAD = table, record, field, key version)', () => {
  it('round-trips and never stores the plaintext', async () => {
    const { codec: c } = codec();
    const key = await c.createRecordKey(RECORD_A);
    const ct = await c.encrypt(key, 'ssn', '900000001');
    expect(Buffer.from(ct).includes(Buffer.from('900000001'))).toBe(false);
    expect(ct[0]).toBe(EnvelopeFieldCodec.FORMAT_V1);
    expect(await c.decrypt(key, 'ssn', ct)).toBe('900000001');
  });

  it('uses a fresh IV each time: equal plaintexts give different ciphertexts', async () => {
    const { codec: c } = codec();
    const key = await c.createRecordKey(RECORD_A);
    const a = await c.encrypt(key, 'ssn', '900000001');
    const b = await c.encrypt(key, 'ssn', '900000001');
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
  });

  it('fails a ciphertext moved to another field of the same record', async () => {
    const { codec: c } = codec();
    const key = await c.createRecordKey(RECORD_A);
    const ct = await c.encrypt(key, 'ssn', '900000001');
    await expect(c.decrypt(key, 'clinicalNotes', ct)).rejects.toBeInstanceOf(FieldDecryptionError);
  });

  it('fails a ciphertext and wrapped key moved together to another record (context and AAD)', async () => {
    const { codec: c, cache } = codec();
    const key = await c.createRecordKey(RECORD_A);
    const ct = await c.encrypt(key, 'ssn', '900000001');
    cache.clear(); // force the unwrap, which must fail on the other record id
    await expect(c.decrypt({ ...key, recordId: RECORD_B }, 'ssn', ct)).rejects.toThrow();
  });

  it('fails when the key version differs from the one bound at encryption', async () => {
    const { codec: c } = codec();
    const key = await c.createRecordKey(RECORD_A);
    const ct = await c.encrypt(key, 'clinicalNotes', 'synthetic');
    await expect(c.decrypt({ ...key, keyVersion: 2 }, 'clinicalNotes', ct)).rejects.toBeInstanceOf(
      FieldDecryptionError,
    );
  });

  it('detects a flipped bit and an unknown format byte', async () => {
    const { codec: c } = codec();
    const key = await c.createRecordKey(RECORD_A);
    const ct = Buffer.from(await c.encrypt(key, 'ssn', '900000001'));
    const flipped = Buffer.from(ct);
    flipped[ct.length - 1] ^= 1;
    await expect(c.decrypt(key, 'ssn', flipped)).rejects.toBeInstanceOf(FieldDecryptionError);
    const v2 = Buffer.from(ct);
    v2[0] = 2;
    await expect(c.decrypt(key, 'ssn', v2)).rejects.toBeInstanceOf(FieldDecryptionError);
  });

  it('calls the key provider once per record while the cache holds the key', async () => {
    const { codec: c, cache } = codec();
    const key = await c.createRecordKey(RECORD_A);
    const ct = await c.encrypt(key, 'ssn', '900000001');
    cache.clear();
    const before = c.keyProviderCallCount;
    for (let i = 0; i < 50; i++) await c.decrypt(key, 'ssn', ct);
    expect(c.keyProviderCallCount - before).toBe(1);
  });
});

describe('LocalKeyProvider', () => {
  it('refuses to load inside Lambda', () => {
    process.env.AWS_LAMBDA_FUNCTION_NAME = 'phi-api';
    try {
      expect(() => new LocalKeyProvider()).toThrow(/refuses to run inside AWS Lambda/);
      expect(() => new LocalBlindIndexer(Buffer.alloc(32, 1))).toThrow(/refuses to run inside AWS Lambda/);
    } finally {
      delete process.env.AWS_LAMBDA_FUNCTION_NAME;
    }
  });

  it('binds the wrapped key to its encryption context', async () => {
    const p = new LocalKeyProvider();
    const ctx = { app: 'a', table: 'patients', recordId: RECORD_A };
    const { plaintext, wrapped } = await p.generateDataKey(ctx);
    expect((await p.decryptDataKey(wrapped, ctx)).equals(plaintext)).toBe(true);
    await expect(p.decryptDataKey(wrapped, { ...ctx, recordId: RECORD_B })).rejects.toThrow();
    await expect(p.decryptDataKey(wrapped, { ...ctx, app: 'other' })).rejects.toThrow();
    await expect(p.decryptDataKey(wrapped, { ...ctx, table: 'other' })).rejects.toThrow();
  });
});

describe('DataKeyCache', () => {
  it('expires entries after the TTL and zeroes them', () => {
    let now = 0;
    const cache = new DataKeyCache(10, 1000, () => now);
    const key = Buffer.alloc(32, 7);
    cache.set('k', key);
    now = 999;
    expect(cache.get('k')).toBe(key);
    now = 2000;
    expect(cache.get('k')).toBeUndefined();
    expect(key.every((b) => b === 0)).toBe(true);
  });

  it('stays within its bound, evicting the least recently used', () => {
    const cache = new DataKeyCache(2, 60_000);
    const [a, b, c] = [1, 2, 3].map((n) => Buffer.alloc(32, n));
    cache.set('a', a);
    cache.set('b', b);
    cache.get('a');
    cache.set('c', c);
    expect(cache.size).toBe(2);
    expect(cache.get('b')).toBeUndefined();
    expect(b.every((x) => x === 0)).toBe(true);
    expect(cache.get('a')).toBe(a);
  });
});

describe('LocalBlindIndexer (HMAC-SHA-256)', () => {
  it('is deterministic per key and differs across keys', async () => {
    const one = new LocalBlindIndexer(Buffer.alloc(32, 1));
    const two = new LocalBlindIndexer(Buffer.alloc(32, 2));
    const a = Buffer.from(await one.ssnIndex('900000001'));
    expect(a.equals(Buffer.from(await one.ssnIndex('900000001')))).toBe(true);
    expect(a.equals(Buffer.from(await one.ssnIndex('900000002')))).toBe(false);
    expect(a.equals(Buffer.from(await two.ssnIndex('900000001')))).toBe(false);
    expect(a.length).toBe(32);
  });
});
