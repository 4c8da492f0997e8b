export * from './loss-source.js';
export * from './regression-check.js';
export * from './regression-monitor.daemon.js';
export * from './regression-verdict.js';
export * from './trainer-state-loss-source.js';
export * from './evaluator-loss-source.js';
export * from './monitor-loss-sources.js';
