import { describe, expect, it } from '@jest/globals';
import { bufferIo } from './cli-io.js';
import { formatAge, formatBytes, table } from './format.js';
import { progressReporter } from './progress.js';

describe('formatting', () => {
  it('writes ages and sizes as a person reads them', () => {
    expect([formatAge(null), formatAge(0), formatAge(59.4), formatAge(61), formatAge(3600 + 5 * 60), formatAge(2 * 86_400 + 3 * 3600 + 59)]).toEqual([
      '-', '0s', '59s', '1m 01s', '1h 05m', '2d 3h',
    ]);
    expect([formatBytes(1023), formatBytes(1536), formatBytes(5 * 1024 * 1024)]).toEqual(['1023 B', '1.5 KiB', '5.0 MiB']);
  });

  it('aligns table columns to the widest cell', () => {
    expect(table(['A', 'BB'], [['xyz', '1'], ['q', '22']])).toBe('A    BB\n---  --\nxyz  1\nq    22');
  });
});

describe('progressReporter', () => {
  it('prints a line every tenth of the work when stderr is not a terminal, and the last one', () => {
    const io = bufferIo();
    const progress = progressReporter(io, 'validated', 25); // every ceil(25 / 10) = 3
    for (let i = 0; i < 25; i++) progress.tick();
    progress.done('done');
    const lines = io.err().trim().split('\n');
    expect(lines).toEqual([...[3, 6, 9, 12, 15, 18, 21, 24, 25].map((n) => `validated: ${n}/25`), 'done']);
    expect(io.out()).toBe('');
  });

  it('redraws one line on a terminal and clears it at the end', () => {
    const io = bufferIo({ stderrIsTty: true });
    const progress = progressReporter(io, 'n', 2);
    progress.tick('a');
    progress.tick();
    progress.done('ok');
    expect(io.err()).toBe('\r\x1b[2Kn: 1/2 (a)\r\x1b[2Kn: 2/2\r\x1b[2Kok\n');
  });
});
