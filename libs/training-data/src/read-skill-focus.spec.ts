import { describe, expect, it } from '@jest/globals';
import { tempDir } from '@flywheel/testing';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { readSkillFocus } from './read-skill-focus.js';

const NOW = new Date('2026-11-25T12:00:00.000Z');
const focus = (over: Record<string, unknown> = {}) => ({
  generated_at: '2026-11-25T10:00:00.000Z', level: 'WARNING', weak_skills: ['logic'],
  shares: { logic: 0.6, code: 0.4 }, boost: 3, reason: 'task score of logic 0.4 < 0.6', ...over,
});

async function inStatusDir(content: string | null, check: (dir: string, file: string) => Promise<void>) {
  const t = await tempDir('skill-focus');
  try {
    if (content !== null) await writeFile(path.join(t.dir, 'skill_focus.json'), content);
    await check(t.dir, path.join(t.dir, 'skill_focus.json'));
  } finally {
    await t.remove();
  }
}

describe('readSkillFocus', () => {
  it('returns the focus in force with its age', () =>
    inStatusDir(JSON.stringify(focus()), async (dir, file) => {
      const reading = await readSkillFocus(dir, NOW, 24);
      // Written 10:00, read 12:00: two hours old, well inside 24.
      expect(reading).toEqual({ state: 'in_force', file, focus: focus(), ageHours: 2 });
    }));

  it('says none when there is no file', () =>
    inStatusDir(null, async (dir, file) => {
      expect(await readSkillFocus(dir, NOW, 24)).toEqual({ state: 'absent', file, focus: null, reason: `${file} does not exist` });
    }));

  it('ignores a file older than the limit, saying when it was written and how old it is', () =>
    inStatusDir(JSON.stringify(focus({ generated_at: '2026-11-24T11:30:00.000Z' })), async (dir, file) => {
      // 24.5 h old against a 24 h limit; the same file is in force with a 25 h limit.
      expect(await readSkillFocus(dir, NOW, 24)).toEqual({
        state: 'stale', file, focus: null,
        reason: `${file} was written at 2026-11-24T11:30:00.000Z, 24.5 h ago, more than generation.focusMaxAgeHours (24 h)`,
      });
      expect((await readSkillFocus(dir, NOW, 25)).state).toBe('in_force');
    }));

  it('names the file and the field of a file that breaks the contract', () =>
    inStatusDir(JSON.stringify(focus({ weak_skills: 'logic' })), async (dir, file) => {
      const reading = await readSkillFocus(dir, NOW, 24);
      expect(reading.state).toBe('malformed');
      expect(reading.focus).toBeNull();
      expect(reading.state !== 'in_force' && reading.reason).toMatch(new RegExp(`^${file.replace(/[.\\/]/g, '\\$&')}: field "weak_skills": `));
    }));

  it('names a nested field and every broken field', () =>
    inStatusDir(JSON.stringify(focus({ shares: { logic: 1.5 }, level: 'PANIC' })), async (dir) => {
      const reading = await readSkillFocus(dir, NOW, 24);
      expect(reading.state).toBe('malformed');
      const reason = reading.state === 'in_force' ? '' : reading.reason;
      expect(reason).toContain('field "level": ');
      expect(reason).toContain('field "shares.logic": ');
    }));

  it('reports a file that is not JSON instead of throwing', () =>
    inStatusDir('{"generated_at": "2026-11-25T10:00:0', async (dir, file) => {
      const reading = await readSkillFocus(dir, NOW, 24);
      expect(reading.state).toBe('malformed');
      expect(reading.state !== 'in_force' && reading.reason).toMatch(new RegExp(`^${file.replace(/[.\\/]/g, '\\$&')}: not JSON \\(`));
    }));

  it('reports a path it cannot read as a file instead of throwing', () =>
    inStatusDir(null, async (dir, file) => {
      await mkdir(file);
      const reading = await readSkillFocus(dir, NOW, 24);
      expect(reading.state).toBe('malformed');
      expect(reading.state !== 'in_force' && reading.reason).toMatch(/: cannot be read \(EISDIR/);
    }));

  it('treats a focus naming no weak skill as none', () =>
    inStatusDir(JSON.stringify(focus({ weak_skills: [] })), async (dir, file) => {
      expect(await readSkillFocus(dir, NOW, 24)).toEqual({ state: 'empty', file, focus: null, reason: `${file} names no weak skill` });
    }));
});
