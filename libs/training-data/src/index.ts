export * from './quarantine-lines.js';
export * from './scan-training-file.js';
