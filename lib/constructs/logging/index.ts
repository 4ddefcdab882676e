export * from './encrypted-log-group';
