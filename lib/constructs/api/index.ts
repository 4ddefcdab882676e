export * from './audit-export';
export * from './jwks-refresher';
export * from './managed-policy-role';
export * from './phi-api';
export * from './vpc-function';
export * from './schema-migrations';
