import {
  DecryptCommand,
  GenerateDataKeyCommand,
  GenerateMacCommand,
  KMSClient,
  ReEncryptCommand,
} from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { KmsBlindIndexer } from '../../../lambda/api/adapters/kms-blind-indexer';
import { KmsKeyProvider } from '../../../lambda/api/adapters/kms-key-provider';
import { DataKeyCache } from '../../../lambda/api/crypto/data-key-cache';
import { EnvelopeFieldCodec } from '../../../lambda/api/crypto/envelope-field-codec';

const KEY = 'arn:aws:kms:eu-west-1:111122223333:key/00000000-0000-4000-8000-000000000001';
const NEW_KEY = 'arn:aws:kms:eu-west-1:111122223333:key/00000000-0000-4000-8000-000000000002';
const MAC_KEY = 'arn:aws:kms:eu-west-1:111122223333:key/00000000-0000-4000-8000-000000000003';
const RECORD = '33333333-3333-4333-8333-333333333333';
const CONTEXT = { app: 'phi-api', table: 'patients', recordId: RECORD };

const kms = mockClient(KMSClient);
beforeEach(() => kms.reset());

describe('KmsKeyProvider at the request level', () => {
  it('GenerateDataKey: the field key, AES_256 and the record-scoped encryption context', async () => {
    kms
      .on(GenerateDataKeyCommand)
      .resolves({ Plaintext: new Uint8Array(32).fill(9), CiphertextBlob: new Uint8Array([1, 2, 3]) });
    const out = await new KmsKeyProvider(new KMSClient({}), KEY).generateDataKey(CONTEXT);
    expect(kms.commandCalls(GenerateDataKeyCommand)[0].args[0].input).toEqual({
      KeyId: KEY,
      KeySpec: 'AES_256',
      EncryptionContext: { app: 'phi-api', table: 'patients', recordId: RECORD },
    });
    expect(out.plaintext.length).toBe(32);
    expect(Array.from(out.wrapped)).toEqual([1, 2, 3]);
  });

  it('Decrypt: pins the key id and repeats the encryption context', async () => {
    kms.on(DecryptCommand).resolves({ Plaintext: new Uint8Array(32).fill(4) });
    const wrapped = new Uint8Array([7, 7, 7]);
    await new KmsKeyProvider(new KMSClient({}), KEY).decryptDataKey(wrapped, CONTEXT);
    expect(kms.commandCalls(DecryptCommand)[0].args[0].input).toEqual({
      KeyId: KEY,
      CiphertextBlob: wrapped,
      EncryptionContext: { app: 'phi-api', table: 'patients', recordId: RECORD },
    });
  });

  it('ReEncrypt (re-wrap path): source and destination keys with the same context', async () => {
    kms.on(ReEncryptCommand).resolves({ CiphertextBlob: new Uint8Array([5]) });
    const wrapped = new Uint8Array([7]);
    const out = await new KmsKeyProvider(new KMSClient({}), KEY).rewrapDataKey(wrapped, CONTEXT, NEW_KEY);
    expect(kms.commandCalls(ReEncryptCommand)[0].args[0].input).toEqual({
      CiphertextBlob: wrapped,
      SourceKeyId: KEY,
      SourceEncryptionContext: CONTEXT,
      DestinationKeyId: NEW_KEY,
      DestinationEncryptionContext: CONTEXT,
    });
    expect(Array.from(out)).toEqual([5]);
  });

  it('fails closed when KMS answers without a key', async () => {
    kms.on(GenerateDataKeyCommand).resolves({});
    await expect(new KmsKeyProvider(new KMSClient({}), KEY).generateDataKey(CONTEXT)).rejects.toThrow(
      'no data key',
    );
  });

  it('behind the codec: one GenerateDataKey per record, then no Decrypt while the key is cached', async () => {
    kms
      .on(GenerateDataKeyCommand)
      .resolves({ Plaintext: new Uint8Array(32).fill(9), CiphertextBlob: new Uint8Array([1]) });
    const codec = new EnvelopeFieldCodec(
      new KmsKeyProvider(new KMSClient({}), KEY),
      new DataKeyCache(10, 60_000),
      'phi-api',
    );
    const ref = await codec.createRecordKey(RECORD);
    const ct = await codec.encrypt(ref, 'ssn', '900000001');
    await codec.decrypt(ref, 'ssn', ct);
    expect(kms.commandCalls(GenerateDataKeyCommand)).toHaveLength(1);
    expect(kms.commandCalls(DecryptCommand)).toHaveLength(0);
  });
});

describe('KmsBlindIndexer at the request level', () => {
  it('GenerateMac with HMAC_SHA_256 over the domain-separated SSN', async () => {
    kms.on(GenerateMacCommand).resolves({ Mac: new Uint8Array(32).fill(1) });
    await new KmsBlindIndexer(new KMSClient({}), MAC_KEY).ssnIndex('900000001');
    const input = kms.commandCalls(GenerateMacCommand)[0].args[0].input;
    expect(input.KeyId).toBe(MAC_KEY);
    expect(input.MacAlgorithm).toBe('HMAC_SHA_256');
    expect(Buffer.from(input.Message!).toString('utf8')).toBe('ssn-v1:900000001');
  });
});
