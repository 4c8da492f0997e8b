export * from './free-port.js';
export * from './redis-server.js';
export * from './temp-dir.js';
export * from './wait-for.js';
export * from './node-process.js';
export * from './redis-per-file.js';
export * from './json-http-server.js';
export * from './sshd.js';
