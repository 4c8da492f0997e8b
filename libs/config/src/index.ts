export * from './config-error.js';
export * from './load-config.js';
export * from './load-config-or-exit.js';
export * from './options.js';
export * from './parse-argv.js';
export * from './redacted-config.js';
export * from './schema.js';
export * from './monitor-config.js';
