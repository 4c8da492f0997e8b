import { describe, expect, it } from '@jest/globals';
import { tempDir } from '@flywheel/testing';
import { decideTrigger, fillCommand, runFineTuneCommand } from './fine-tune-trigger.js';
import { chooseMethod } from './recommendation.js';
import { monitorSettings } from './replay.fixture.js';
import { skillFocusShares } from './skill-focus.js';

const { trigger, methods } = monitorSettings();
const NOW = Date.parse('2026-11-20T12:00:00Z');

describe('decideTrigger (seed 000: confidence ≥ 0.7, urgency ≥ 0.5, WARNING or CRITICAL, 1 h cooldown)', () => {
  it('fires exactly at the bars and not a hair below', () => {
    expect(decideTrigger({ level: 'WARNING', confidence: 0.7, urgency: 0.5 }, null, NOW, trigger).fire).toBe(true);
    expect(decideTrigger({ level: 'WARNING', confidence: 0.699, urgency: 0.9 }, null, NOW, trigger)).toEqual({ fire: false, reason: 'confidence 0.699 < 0.7', cooldownRemainingSeconds: 0 });
    expect(decideTrigger({ level: 'CRITICAL', confidence: 1, urgency: 0.499 }, null, NOW, trigger).reason).toBe('urgency 0.499 < 0.5');
    expect(decideTrigger({ level: 'ATTENTION', confidence: 1, urgency: 1 }, null, NOW, trigger).reason).toBe('level ATTENTION is below WARNING');
    expect(decideTrigger({ level: null, confidence: 0, urgency: 0 }, null, NOW, trigger).fire).toBe(false);
  });

  it('waits out the cooldown from the last trigger', () => {
    const call = { level: 'CRITICAL' as const, confidence: 1, urgency: 1 };
    expect(decideTrigger(call, NOW - 3_599_000, NOW, trigger)).toEqual({ fire: false, reason: 'cooldown: 1 s left of 3600 s', cooldownRemainingSeconds: 1 });
    expect(decideTrigger(call, NOW - 3_600_000, NOW, trigger).fire).toBe(true);
  });

  it('picks the method by urgency, then confidence, with the configured names', () => {
    expect(chooseMethod(0.81, 0.5, trigger, methods)).toBe('Text-to-LoRA');
    expect(chooseMethod(0.8, 0.81, trigger, methods)).toBe('Transformer²');
    expect(chooseMethod(0.8, 0.8, trigger, methods)).toBe('Text-to-LoRA');
    expect(chooseMethod(0.9, 0.9, trigger, { fast: 'lora-quick', mostEffective: 'full-sft', default: 'lora' })).toBe('lora-quick');
    expect(chooseMethod(0.6, 0.7, trigger, { fast: 'lora-quick', mostEffective: 'full-sft', default: 'lora' })).toBe('lora');
  });
});

describe('hostile input: values filled into the fine-tune command', () => {
  it('fills placeholders argument by argument; an unknown one stays as written', () => {
    expect(fillCommand(['tune', '--skills={skills}', '{method}', '{nope}'], { skills: 'a,b', method: 'Transformer²' })).toEqual(['tune', '--skills=a,b', 'Transformer²', '{nope}']);
    // A value never becomes an option: "{skills}" filled with "-rf" is refused; inside "--skills=…" it is a value.
    expect(() => fillCommand(['tune', '{skills}'], { skills: '-rf' })).toThrow('fine-tune command: the value of {skills} would become an option ("-rf"): not run');
    expect(fillCommand(['tune', '--skills={skills}'], { skills: '-rf' })).toEqual(['tune', '--skills=-rf']);
  });

  it('runs without a shell (metacharacters stay literal) and reports a missing program instead of throwing', async () => {
    const { dir, remove } = await tempDir('tune');
    try {
      const echoed = await runFineTuneCommand([process.execPath, '-e', 'console.log(process.argv[1])', '$(rm -rf /); echo hi'], { cwd: dir, timeoutSeconds: 30 });
      expect(echoed).toEqual({ exitCode: 0, outputTail: '$(rm -rf /); echo hi' });
      const missing = await runFineTuneCommand(['/nonexistent/tune'], { cwd: dir, timeoutSeconds: 30 });
      expect(missing.exitCode).not.toBe(0);
      expect(missing.outputTail).toMatch(/ENOENT/);
    } finally {
      await remove();
    }
  });
});

describe('skillFocusShares', () => {
  it('raises weak skills by the boost over the traffic mix, normalised', () => {
    // 30, 10·2, 10 → 30/60, 20/60, 10/60; a weak skill with no traffic counts as 1 request.
    expect(skillFocusShares({ code: 30, math: 10, poetry: 10 }, ['math'], 2)).toEqual({ code: 0.5, math: 0.333333, poetry: 0.166667 });
    expect(skillFocusShares({ code: 3 }, ['sql'], 3)).toEqual({ code: 0.5, sql: 0.5 });
  });
});
