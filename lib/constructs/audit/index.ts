export * from './access-log-bucket';
export * from './audit-archive';
export * from './audit-trail';
export * from './server-access-logs';
