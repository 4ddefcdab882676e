import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';

/**
 * What every bucket of the blueprint has, whatever it holds: no public access, no ACLs, TLS 1.2 or newer only
 * (requests below are denied in the bucket policy), and versioning so an overwrite or delete can be undone.
 */
export const SECURE_BUCKET_DEFAULTS = {
  blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
  objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
  enforceSSL: true,
  minimumTLSVersion: 1.2,
  versioned: true,
} as const satisfies Partial<s3.BucketProps>;

/** SSE-KMS with a customer-managed key and S3 Bucket Keys (fewer KMS calls, same key policy control). */
export function kmsEncryption(key: kms.IKey): Partial<s3.BucketProps> {
  return { encryption: s3.BucketEncryption.KMS, encryptionKey: key, bucketKeyEnabled: true };
}
