export * from './account-detection';
export * from './config-recorder';
export * from './hipaa-config-rules';
export * from './hipaa-conformance-pack';
export * from './security-alarms';
export * from './trail-alarm-definitions';
export * from './security-event-routing';
