export * from './phi-backup';
