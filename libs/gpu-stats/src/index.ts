export * from './gpu-stats.js';
