export * from './create-logger.js';
export * from './rotating-destination.js';
