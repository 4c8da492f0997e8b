import { ConfigError } from './config-error.js';

/** The problems of the ConfigError `fn` throws (test helper); fails when it throws something else or nothing. */
export function problemsOf(fn: () => unknown) {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}
