/**
 * The append-only files flywheel writes and how their rotated copies are named. Each is
 * rotated by size (`retention.*` in the config): `<file>` → `<file>.1` → `<file>.2` … up to the
 * configured count, the oldest dropped.
 */

/** `<statusDir>/deployments.jsonl`: one `DeploymentRecord` per deployment attempt. */
export const DEPLOYMENTS_LOG = 'deployments.jsonl';
/** `<statusDir>/feedback/ratings.jsonl`: one `FeedbackRecord` per rating. */
export const RATINGS_LOG = 'feedback/ratings.jsonl';
/** `<statusDir>/alert_analyses.jsonl`: one `AlertAnalysisRecord` per finished try. */
export const ALERT_ANALYSES_LOG = 'alert_analyses.jsonl';
/** `<servingDir>/server.log`: stdout and stderr of the server the "command" deploy strategy starts. */
export const SERVER_LOG = 'server.log';

/** `file` itself for 0, else its `index`-th rotated copy (`<file>.1` is the newest). */
export const rotatedPath = (file: string, index: number): string => (index === 0 ? file : `${file}.${index}`);

/**
 * The defaults of `retention.*` (config schema), also what a writer or reader given no limits
 * uses, so a forgotten setting still bounds the file.
 */
export const RETENTION_DEFAULTS = {
  /** A JSONL file above this many bytes is rotated before the next line is appended. */
  jsonlMaxBytes: 10 * 1024 * 1024,
  /** Rotated copies of a JSONL file kept. */
  jsonlRotatedFiles: 3,
  /** A log file above this many bytes is rotated before the next line is written. */
  logMaxBytes: 10 * 1024 * 1024,
  /** Rotated copies of a log file kept. */
  logRotatedFiles: 3,
} as const;
