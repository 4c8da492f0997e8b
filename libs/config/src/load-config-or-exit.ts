import { ConfigError } from './config-error.js';
import { loadConfig, type LoadConfigOptions } from './load-config.js';
import { parseArgv, usage } from './parse-argv.js';
import type { FlywheelConfig } from './schema.js';

/**
 * For a process's start-up: prints usage and exits 0 on `--help`; prints every config
 * problem and exits 2 on a bad configuration, before anything else has started.
 */
export function loadConfigOrExit(program: string, options: LoadConfigOptions = {}): FlywheelConfig {
  const argv = options.argv ?? process.argv.slice(2);
  if (parseArgv(argv).help) {
    process.stdout.write(usage(program) + '\n');
    process.exit(0);
  }
  try {
    return loadConfig({ ...options, argv });
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${program}: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
}
