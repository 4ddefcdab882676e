export * from './acknowledge';
export * from './blueprint-checks';
export * from './packs';
export * from './rules';
