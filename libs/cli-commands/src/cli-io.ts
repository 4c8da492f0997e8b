/** Where a command writes, and what it may know about the terminal; tests pass their own. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** stderr is a terminal: progress may redraw one line instead of printing one per step. */
  stderrIsTty: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
  now: () => Date;
}

/** The real process's streams. */
export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    stderrIsTty: process.stderr.isTTY === true,
    env: process.env,
    cwd: process.cwd(),
    now: () => new Date(),
  };
}

/** An io that keeps what is written, for tests and for callers that post-process output. */
export function bufferIo(overrides: Partial<CliIo> = {}): CliIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: (text) => (out += text),
    stderr: (text) => (err += text),
    stderrIsTty: false,
    env: {},
    cwd: process.cwd(),
    now: () => new Date(),
    ...overrides,
    out: () => out,
    err: () => err,
  };
}
