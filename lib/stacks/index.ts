export * from './blueprint-stack';
export * from './blueprint-deployment';
export * from './data-stack';
export * from './foundation-stack';
export * from './removal-policy';
export * from './audit-stack';
export * from './monitoring-stack';
