export * from './acknowledge';
export * from './audit-record';
export * from './blueprint-checks';
export * from './packs';
export * from './rules';
export * from './acknowledgement-report';
