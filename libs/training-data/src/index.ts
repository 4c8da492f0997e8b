export * from './quarantine-lines.js';
export * from './scan-training-file.js';
export * from './procedural-generators.js';
export * from './curriculum-strategies.js';
export * from './generate-batch.js';
export * from './write-batch.js';
export * from './data-generation.daemon.js';
export * from './refill-on-drain.js';
