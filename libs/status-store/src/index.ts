export * from './atomic-write.js';
export * from './heartbeats.js';
export * from './status-read.js';
export * from './status-store.js';
export * from './status-validation-error.js';
export * from './subscribe-status.js';
export * from './with-timeout.js';
export * from './kept-statuses.js';
