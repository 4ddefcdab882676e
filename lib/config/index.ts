export * from './schema';
export * from './profiles';
export * from './validate';
export * from './load';
export * from './naming';
