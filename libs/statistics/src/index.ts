export * from './calibration.js';
export * from './descriptive.js';
export * from './mcnemar.js';
export * from './normal.js';
export * from './paired-bootstrap.js';
export * from './seeded-random.js';
export * from './mann-kendall.js';
