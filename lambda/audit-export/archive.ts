import { HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { ObjectLockMode } from './config';

export interface ArchivedHeadPointer {
  seq: number;
  hashHex: string;
}

/** The Object Lock archive as the exporter sees it. */
export interface AuditArchive {
  readHead(): Promise<ArchivedHeadPointer | null>;
  put(key: string, body: string, contentType: string, metadata: Record<string, string>): Promise<void>;
}

/**
 * Every object is written with an explicit Object Lock mode and retain-until date, not only the bucket
 * default, so a misconfigured default can never leave an export unprotected. The SHA-256 checksum makes
 * S3 reject a body corrupted in transit (and satisfies the integrity header Object Lock puts require).
 */
export class S3AuditArchive implements AuditArchive {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
    private readonly prefix: string,
    private readonly lockMode: ObjectLockMode,
    private readonly retainUntil: () => Date,
  ) {}

  get headKey(): string {
    return `${this.prefix}/head.json`;
  }

  async readHead(): Promise<ArchivedHeadPointer | null> {
    try {
      const out = await this.s3.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.headKey }));
      const seq = Number(out.Metadata?.seq);
      const hashHex = out.Metadata?.hash ?? '';
      if (!Number.isInteger(seq) || seq < 0 || !/^[0-9a-f]{64}$/.test(hashHex)) {
        throw new Error('The archived chain head is unreadable.');
      }
      return { seq, hashHex };
    } catch (e) {
      const status = (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      const name = (e as { name?: string }).name;
      // Only a 404 means "nothing archived yet": the first run then starts the chain from its genesis.
      if (status === 404 || name === 'NotFound') return null;
      // Without s3:ListBucket, S3 answers a missing key with 403, not 404, and so does a real denial. Either
      // way starting a new chain would be wrong (it would hide an archive that exists), so the run fails.
      if (status === 403 || name === 'AccessDenied' || name === 'Forbidden') {
        throw new Error(
          `Access denied reading the archived chain head s3://${this.bucket}/${this.headKey}. ` +
            'Not treated as "no head yet": the export role needs s3:GetObject on that key and s3:ListBucket ' +
            `on the bucket (for the prefix ${this.headKey}), so that S3 can answer 404 when it is missing.`,
          { cause: e },
        );
      }
      throw e;
    }
  }

  async put(key: string, body: string, contentType: string, metadata: Record<string, string>): Promise<void> {
    await this.s3.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: body,
        ContentType: contentType,
        Metadata: metadata,
        ObjectLockMode: this.lockMode,
        ObjectLockRetainUntilDate: this.retainUntil(),
        ChecksumAlgorithm: 'SHA256',
      }),
    );
  }
}
