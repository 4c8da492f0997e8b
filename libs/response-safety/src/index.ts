export * from './check-digits.js';
export * from './cost.js';
export * from './llm-safety-judge.js';
export * from './pii-detectors.js';
export * from './safety-figures.js';
export * from './scorers.js';
