export * from './phi-database';
