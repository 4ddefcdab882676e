import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';

const ASSET_HASH = /[0-9a-f]{64}/g;

/**
 * The stack's template with asset hashes replaced, so a snapshot changes when the infrastructure changes and
 * not when a dependency's bundled code does.
 */
export function normalizedTemplate(stack: Stack): unknown {
  const json = JSON.stringify(Template.fromStack(stack).toJSON());
  return JSON.parse(json.replace(ASSET_HASH, '<asset-hash>'));
}
