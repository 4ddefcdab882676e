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
      if (status === 404 || (e as { name?: string }).name === 'NotFound') return null;
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
