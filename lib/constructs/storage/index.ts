export * from './phi-bucket';
