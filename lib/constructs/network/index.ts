export * from './blueprint-network';
