export * from './checkpoint-losses.js';
export * from './completeness.js';
export * from './discover.js';
export * from './trainer-state.js';
export * from './watch.js';
export * from './kept-checkpoints.js';
export * from './run-look.js';
export * from './pruned-evaluations.js';
