import type { FlywheelConfig } from './schema.js';
/** `retention.jsonl*` as the rotation of a JSONL file (status-store's `Rotation`). */
export const jsonlRotation = (config: Pick<FlywheelConfig, 'retention'>) => ({ maxBytes: config.retention.jsonlMaxBytes, rotatedFiles: config.retention.jsonlRotatedFiles });
/** `retention.log*` as the rotation of a log file. */
export const logRotation = (config: Pick<FlywheelConfig, 'retention'>) => ({ maxBytes: config.retention.logMaxBytes, rotatedFiles: config.retention.logRotatedFiles });
