export * from './blueprint-stack';
export * from './blueprint-deployment';
export * from './api-stack';
export * from './audit-stack';
export * from './data-stack';
export * from './foundation-stack';
export * from './monitoring-stack';
export * from './removal-policy';
