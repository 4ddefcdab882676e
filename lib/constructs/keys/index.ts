export * from './blueprint-keys';
export * from './key-policy';
