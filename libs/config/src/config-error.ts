/** One bad setting: which option, what is wrong, and where the value came from. */
export interface ConfigProblem {
  path: string;
  message: string;
  /** `file /abs/flywheel.config.yaml`, `env FLYWHEEL_INTERVAL`, `flag --interval` or `default`. */
  source: string;
}

/** Thrown by `loadConfig` with every problem found, not just the first. */
export class ConfigError extends Error {
  constructor(readonly problems: ConfigProblem[]) {
    super(
      'invalid configuration:\n' +
        problems.map((p) => `  - ${p.path ? `${p.path}: ` : ''}${p.message} (from ${p.source})`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}
