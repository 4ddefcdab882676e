export * from './phi-bucket';
export * from './secure-bucket';
