export * from './blueprint-stack';
export * from './blueprint-deployment';
export * from './foundation-stack';
export * from './removal-policy';
