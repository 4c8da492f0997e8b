import { describe, expect, it } from '@jest/globals';
import { UsageError } from './cli-errors.js';
import { integerFlag, numberFlag, parseCommandArgs, stringFlag } from './command-args.js';

const OPTIONS = {
  step: { type: 'string', description: 'step' },
  json: { type: 'boolean', description: 'json' },
} as const;

function usageMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).exitCode).toBe(2);
    return (error as Error).message;
  }
  throw new Error('expected a UsageError');
}

describe('parseCommandArgs', () => {
  it('keeps its own flags and hands every configuration flag on as given', () => {
    const args = parseCommandArgs(
      'preview',
      ['--step', '400', '--base-dir', '/t', '--redis-url=redis://h:1', '--set', 'api.port=7', '--set', 'run=x', '--once', '--no-continuous', '--json'],
      OPTIONS,
    );
    expect(args.values).toEqual({ step: '400', json: true });
    expect(args.configArgv).toEqual(['--base-dir', '/t', '--redis-url', 'redis://h:1', '--set', 'api.port=7', '--set', 'run=x', '--once', '--no-continuous']);
    expect(args.help).toBe(false);
    expect(args.positionals).toEqual([]);
  });

  it('defaults booleans to false, reads --no-json as false, and sees --help and -h', () => {
    expect(parseCommandArgs('status', [], OPTIONS).values).toEqual({ json: false });
    expect(parseCommandArgs('status', ['--json', '--no-json'], OPTIONS).values['json']).toBe(false);
    expect(parseCommandArgs('status', ['--help'], OPTIONS).help).toBe(true);
    expect(parseCommandArgs('status', ['-h'], OPTIONS).help).toBe(true);
  });

  it('names an unknown flag, a missing value and a stray argument', () => {
    expect(usageMessage(() => parseCommandArgs('status', ['--jsn'], OPTIONS))).toBe('flywheel status: unknown flag --jsn (see flywheel status --help)');
    expect(usageMessage(() => parseCommandArgs('preview', ['--step'], OPTIONS))).toMatch(/^flywheel preview: Option '--step <value>' argument missing/);
    expect(usageMessage(() => parseCommandArgs('status', ['now'], OPTIONS))).toBe('flywheel status: unexpected argument "now" (see flywheel status --help)');
    expect(parseCommandArgs('run', ['regression-monitor'], {}, 1).positionals).toEqual(['regression-monitor']);
  });

  it('refuses a command flag that is already a configuration flag', () => {
    expect(() => parseCommandArgs('x', [], { samples: { type: 'string', description: '' } })).toThrow('--samples is a configuration flag');
  });
});

describe('flag values', () => {
  const args = parseCommandArgs('preview', ['--step', '12x'], OPTIONS);
  it('names the flag and the value that is not a whole number in range', () => {
    expect(usageMessage(() => integerFlag('preview', args, 'step', { min: 0 }))).toBe('flywheel preview: --step must be a whole number at least 0, got "12x"');
    const fifty = parseCommandArgs('preview', ['--step', '51'], OPTIONS);
    expect(usageMessage(() => integerFlag('preview', fifty, 'step', { min: 1, max: 50 }))).toBe('flywheel preview: --step must be a whole number 1..50, got "51"');
    expect(integerFlag('preview', parseCommandArgs('preview', ['--step', '50'], OPTIONS), 'step', { min: 1, max: 50 })).toBe(50);
    expect(integerFlag('preview', parseCommandArgs('preview', [], OPTIONS), 'step', { min: 1 })).toBeUndefined();
  });

  it('reads numbers and required strings', () => {
    expect(numberFlag('q', parseCommandArgs('q', ['--step', '1.5'], OPTIONS), 'step', 1)).toBe(1.5);
    expect(usageMessage(() => numberFlag('q', parseCommandArgs('q', ['--step', '0.5'], OPTIONS), 'step', 1))).toBe('flywheel q: --step must be a number ≥ 1, got "0.5"');
    expect(usageMessage(() => stringFlag('q', parseCommandArgs('q', [], OPTIONS), 'step', true))).toBe('flywheel q: --step is required (see flywheel q --help)');
  });
});
