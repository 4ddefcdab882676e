export * from './tls-load-balancer';
export * from './web-acl';
