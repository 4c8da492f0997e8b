export * from './model-backend.js';
