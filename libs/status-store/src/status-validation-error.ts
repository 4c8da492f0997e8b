import { formatIssuePath } from '@flywheel/contracts';

/** One field of a status that does not match its schema. */
export interface StatusFieldIssue {
  /** Field path as a reader would write it, e.g. `evidence.checkpoints[2].loss`; `(root)` for the whole object. */
  path: string;
  message: string;
}

/**
 * Thrown by `StatusStore.write` when the body does not match the status file's schema.
 * Nothing has been written when it is thrown.
 */
export class StatusValidationError extends Error {
  override readonly name = 'StatusValidationError';

  constructor(
    /** The status file's name, e.g. `regression_monitoring.json`. */
    readonly file: string,
    /** Every bad field, in the order the schema reported them. */
    readonly issues: readonly StatusFieldIssue[],
  ) {
    super(`${file} is invalid, nothing written: ${describeIssues(issues)}`);
  }
}

/** `path: message; path: message`, the form every status error message uses. */
export function describeIssues(issues: readonly StatusFieldIssue[]): string {
  return issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
}

/** Turns zod's issues into field paths a person can look up in the JSON. */
export function toFieldIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): StatusFieldIssue[] {
  return issues.map((issue) => ({ path: formatIssuePath(issue.path), message: issue.message }));
}
