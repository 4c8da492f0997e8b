import type { CliIo } from './cli-io.js';

export interface Progress {
  /** One more unit done; `note` is shown after the count (e.g. "31 correct"). */
  tick(note?: string): void;
  /** Clears a redrawn line; prints the final line. */
  done(summary: string): void;
}

/**
 * Progress of long work on stderr (stdout stays clean for --json and pipes). On a terminal one
 * line is redrawn in place; otherwise a line every `every` units (a tenth of the total by
 * default) and at the last one, so a log file gets a handful of lines, not one per example.
 */
export function progressReporter(io: CliIo, label: string, total: number, every = Math.max(1, Math.ceil(total / 10))): Progress {
  let count = 0;
  let drawn = false;
  return {
    tick(note) {
      count += 1;
      const line = `${label}: ${count}/${total}${note ? ` (${note})` : ''}`;
      if (io.stderrIsTty) {
        io.stderr(`\r\x1b[2K${line}`);
        drawn = true;
      } else if (count % every === 0 || count === total) {
        io.stderr(`${line}\n`);
      }
    },
    done(summary) {
      if (drawn) io.stderr('\r\x1b[2K');
      io.stderr(`${summary}\n`);
    },
  };
}
