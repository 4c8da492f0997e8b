export * from './contamination.js';
export * from './admit-line.js';
export * from './held-out.js';
export * from './admit-lines.js';
export * from './reject-contaminated.js';
