export * from './loss-curve.js';
export * from './training-run.js';
export * from './write-checkpoint.js';
export * from './training-cli.js';
export * from './server/index.js';
export * from './consume-queue.js';
export * from './learning-speed.js';
