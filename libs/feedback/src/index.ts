export * from './json-lines.js';
export * from './ratings-store.js';
export * from './join-rating.js';
export * from './feedback-stats.js';
export * from './feedback-export.js';
export * from './correction-line.js';
export * from './analysis-rating.js';
