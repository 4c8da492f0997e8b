export * from './checkpoint-sync.daemon.js';
export * from './download-file.js';
export * from './known-hosts.js';
export * from './prune.js';
export * from './pull-checkpoint.js';
export * from './remote-listing.js';
export * from './ssh-session.js';
export * from './sync-pass.js';
