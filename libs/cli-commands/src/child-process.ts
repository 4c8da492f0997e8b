import { execa } from 'execa';
import type { EventEmitter } from 'node:events';
import os from 'node:os';

export interface ChildOptions {
  cwd: string;
  /** Where SIGINT/SIGTERM come from. @defaultValue process */
  signals?: Pick<EventEmitter, 'on' | 'off'>;
  /** @defaultValue 'inherit' (the child talks to the terminal); tests pass 'pipe'. */
  stdio?: 'inherit' | 'pipe';
  env?: NodeJS.ProcessEnv;
}

/**
 * Runs `file args…` (an argument array, never a shell string) and resolves to its exit code
 * (128 + n when a signal ended it). The child gets its own process group, so a Ctrl-C at the
 * terminal reaches only this process, which hands SIGINT/SIGTERM on exactly once each time:
 * a script like up.sh then runs its cleanup once instead of being interrupted inside it.
 */
export async function runChild(file: string, args: readonly string[], options: ChildOptions): Promise<number> {
  const signals = options.signals ?? process;
  const child = execa(file, [...args], {
    cwd: options.cwd,
    stdio: options.stdio ?? 'inherit',
    detached: true,
    reject: false,
    env: options.env,
    extendEnv: true,
  });
  const forward = (signal: NodeJS.Signals) => () => {
    child.kill(signal);
  };
  const onInt = forward('SIGINT');
  const onTerm = forward('SIGTERM');
  signals.on('SIGINT', onInt);
  signals.on('SIGTERM', onTerm);
  try {
    const result = await child;
    if (typeof result.exitCode === 'number') return result.exitCode;
    const number = result.signal ? os.constants.signals[result.signal as NodeJS.Signals] : undefined;
    return number ? 128 + number : 1;
  } finally {
    signals.off('SIGINT', onInt);
    signals.off('SIGTERM', onTerm);
  }
}
