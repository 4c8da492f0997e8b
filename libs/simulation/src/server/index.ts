export * from './chat-template.js';
export * from './example-index.js';
export * from './service-time.js';
export * from './sim-tokenizer.js';
export * from './simulated-answers.js';
export * from './simulator-server.js';
export * from './simulator-stats.js';
export * from './skill-model.js';
