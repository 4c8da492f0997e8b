import { describe, expect, it } from '@jest/globals';
import { LlmHealthStatus, SkillFocus } from '@flywheel/contracts';
import { tempDir } from '@flywheel/testing';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { monitorSettings, replay } from './replay.fixture.js';

// Hand-worked figures of fixtures/degrading-traffic.jsonl (see its generator) with seed 000's
// default table. Scores: ideal → 1, attention → 0.75, warning → 0.5, critical → 0.25, worst → 0.
//   P1 (10:10): p95 2.0 s → 1 − 0.25·2/3 = 0.833333; rating 5 → 1; corrections 0 → 1.
//               health 0.944444 ≥ 0.9 → EXCELLENT, A+.
//   P2 (10:20): p95 2.0 s → 0.833333; rating 4.1 → 0.75 + 0.25·0.1 = 0.775; corrections 0.1 → 1 − 0.25·0.5 = 0.875.
//               health 0.827778 → HEALTHY, B+ (no breach).
//   P3 (10:30): p95 6.0 s > 5 → WARNING, 0.5 − 0.25·1/5 = 0.45; rating 3.5 < 4 → ATTENTION, 0.625;
//               corrections 0.25 > 0.2 → ATTENTION, 0.75 − 0.25·0.5 = 0.625. health 0.566667 → F.
//               urgency 1 − 0.45 = 0.55, confidence min(1, 100/50) = 1 → Transformer² (confidence > 0.8).
//   P4 (10:40, 10:50): p95 15 s > 10 → CRITICAL, 0.25 − 0.25·5/10 = 0.125; rating 1.8 → 0.25·0.8 = 0.2;
//               corrections 0.6 → 0.25 − 0.25·0.1/0.5 = 0.2. health 0.175 → F; urgency 0.875 > 0.8 → Text-to-LoRA.
// First WARNING: 10:21, when the window holds 90 P2 requests (1100–2000 ms) and 10 P3 ones (5100–6000 ms):
//   p95 = sorted[94] + 0.05·(sorted[95] − sorted[94]) = 5500 + 5 = 5505 ms; urgency 1 − (0.5 − 0.25·0.505/5) = 0.52525.
describe('replaying degrading traffic (seed 000 demonstration)', () => {
  it('escalates EXCELLENT → HEALTHY → WARNING → CRITICAL at the configured thresholds', async () => {
    const { dir, remove } = await tempDir('replay');
    try {
      const passes = await replay(monitorSettings(), { statusDir: dir });
      const at = (minute: number) => passes.get(minute)!;
      expect([10, 20, 30, 40, 50].map((m) => at(m).level)).toEqual(['EXCELLENT', 'HEALTHY', 'WARNING', 'CRITICAL', 'CRITICAL']);
      expect([10, 20, 30, 40].map((m) => at(m).health_score)).toEqual([0.944444, 0.827778, 0.566667, 0.175]);
      expect([10, 20, 30, 40].map((m) => at(m).grade)).toEqual(['A+', 'B+', 'F', 'F']);
      expect(at(20).metrics).toMatchObject({ user_rating: 4.1, correction_frequency: 0.1, response_time_ms: { p95: 2000 } });
      expect(at(20).breaches).toEqual([]);
      expect(at(30).breaches).toEqual([
        { metric: 'response_time', value: 6, threshold: 5, level: 'WARNING', score: 0.45, samples: 100 },
        { metric: 'user_rating', value: 3.5, threshold: 4, level: 'ATTENTION', score: 0.625, samples: 20 },
        { metric: 'correction_frequency', value: 0.25, threshold: 0.2, level: 'ATTENTION', score: 0.625, samples: 20 },
      ]);
      expect(at(30).recommendation).toMatchObject({ action: 'fine_tune', urgency: 0.55, confidence: 1, driver: 'response_time', method: 'Transformer²' });
      expect(at(30).recommendation.weak_skills.map((w) => [w.skill, w.bad_rate])).toEqual([['code_generation', 0.333333]]);
      expect(at(40).breaches.map((b) => [b.metric, b.level, b.value, b.score])).toEqual([
        ['response_time', 'CRITICAL', 15, 0.125],
        ['user_rating', 'CRITICAL', 1.8, 0.2],
        ['correction_frequency', 'CRITICAL', 0.6, 0.2],
      ]);
      expect(at(40).recommendation).toMatchObject({ urgency: 0.875, confidence: 1, method: 'Text-to-LoRA' });
      // 15 of 55 code_generation requests fail in P4; every factual answer says "I don't know" (15 of 85 successes).
      expect(at(40).metrics.by_skill['code_generation']).toMatchObject({ requests: 55, errors: 15, error_rate: 0.272727, ratings: 15, bad_ratings: 12, bad_rate: 0.8 });
      expect([at(40).metrics.error_rate, at(40).metrics.unknown_query_rate, at(40).metrics.clarification_rate]).toEqual([0.15, 0.176471, 0.01]);
      expect(at(21).level).toBe('WARNING');
      expect([at(21).metrics.response_time_ms.p95, at(21).recommendation.urgency]).toEqual([5505, 0.52525]);
      for (const body of passes.values()) expect(LlmHealthStatus.safeParse({ ...body, last_update: new Date().toISOString(), schema_version: 1 }).success).toBe(true);
      // OpenTelemetry-style entries: the model as gen_ai.request.model, durations in seconds.
      expect(at(30).metric_entries).toContainEqual({
        name: 'gen_ai.server.request.duration', unit: 's', value: 6,
        attributes: { 'service.name': 'flywheel-gateway', 'flywheel.window.seconds': 600, 'gen_ai.request.model': 'deployed', 'gen_ai.operation.name': 'chat', quantile: 0.95 },
      });
    } finally {
      await remove();
    }
  });

  it('fires the fine-tune trigger once per cooldown, names the weak skills and writes their raised share', async () => {
    const { dir, remove } = await tempDir('replay');
    try {
      const fired = (passes: Map<number, { fine_tune: { triggered: boolean } }>) => [...passes].filter(([, b]) => b.fine_tune.triggered).map(([m]) => m);
      const hour = await replay(monitorSettings(), { statusDir: dir });
      expect(fired(hour)).toEqual([21]);
      expect(hour.get(30)!.fine_tune).toMatchObject({ triggered: false, reason: 'cooldown: 3060 s left of 3600 s', last_triggered_at: '2026-11-20T10:21:00.000Z' });
      // The 10:21 window's code_generation ratings: P2's k = 20, 40, 60, 80 (good) and P3's first two (bad):
      // 2 of 6 bad = 0.333 > 0.3 → weak. autoFineTune is off: recorded, nothing run.
      expect(hour.get(21)!.fine_tune.last).toMatchObject({ level: 'WARNING', method: 'Transformer²', weak_skills: ['code_generation'], command: null, exit_code: null });

      const twenty = await replay(monitorSettings((m) => (m.trigger.cooldownSeconds = 1200)), { statusDir: dir });
      expect(fired(twenty)).toEqual([21, 41]);
      const last = twenty.get(41)!.fine_tune.last!;
      expect([last.level, last.method, last.weak_skills]).toEqual(['CRITICAL', 'Text-to-LoRA', ['code_generation']]);
      // skill_focus.json from the 10:41 firing: window mix 55/15/15/15, code_generation doubled → 110/155.
      const focus = SkillFocus.parse(JSON.parse(await readFile(path.join(dir, 'skill_focus.json'), 'utf8')));
      expect(focus.shares).toEqual({ code_generation: 0.709677, creative: 0.096774, factual: 0.096774, reasoning: 0.096774 });
      expect(last.skill_focus_file).toBe(path.join(dir, 'skill_focus.json'));
      // What to train reaches data-generation in the same file: no champion in this folder, so no estimate.
      expect(focus.brief).toMatchObject({ weak_skills: ['code_generation'], estimate: { champion: null, points: null } });
      expect(focus.brief!.generator_prompt).toMatch(/^Write new training questions for the skills the deployed model is weak at: code generation \(live accuracy /);
      expect(last.brief).toEqual(focus.brief);
    } finally {
      await remove();
    }
  });

  it('does not fire below the confidence or the urgency bar, however bad the level', async () => {
    const { dir, remove } = await tempDir('replay');
    try {
      // 100 requests behind the driver / 1000 → confidence 0.1 < 0.7.
      const thin = await replay(monitorSettings((m) => (m.recommendation.fullConfidenceSamples = 1000)), { statusDir: dir });
      expect([...thin.values()].some((b) => b.fine_tune.triggered)).toBe(false);
      expect(thin.get(40)).toMatchObject({ level: 'CRITICAL', recommendation: { confidence: 0.1 }, fine_tune: { reason: 'confidence 0.1 < 0.7' } });
      // Urgency peaks at 0.875 in P4: a bar of 0.9 is never met.
      const calm = await replay(monitorSettings((m) => (m.trigger.minUrgency = 0.9)), { statusDir: dir });
      expect([...calm.values()].some((b) => b.fine_tune.triggered)).toBe(false);
      expect(Math.max(...[...calm.values()].map((b) => b.recommendation.urgency))).toBe(0.875);
    } finally {
      await remove();
    }
  });

  it('runs the configured command (argument array, placeholders filled) only when autoFineTune is on', async () => {
    const { dir, remove } = await tempDir('replay');
    try {
      const out = path.join(dir, 'argv.json');
      const script = 'require("fs").writeFileSync(process.argv[1], JSON.stringify(process.argv.slice(2)))';
      const passes = await replay(
        monitorSettings((m) => {
          m.autoFineTune = true;
          m.fineTuneCommand = [process.execPath, '-e', script, out, '--method', '{method}', '--skills', '{skills}', '--level', '{level}'];
        }),
        { statusDir: dir, minutes: 21 },
      );
      expect(JSON.parse(await readFile(out, 'utf8'))).toEqual(['--method', 'Transformer²', '--skills', 'code_generation', '--level', 'WARNING']);
      expect(passes.get(21)!.fine_tune.last).toMatchObject({ exit_code: 0, command: [process.execPath, '-e', script, out, '--method', 'Transformer²', '--skills', 'code_generation', '--level', 'WARNING'] });
    } finally {
      await remove();
    }
  });

  it('flags drift when the skill mix shifts and not when it does not', async () => {
    const { dir, remove } = await tempDir('replay');
    try {
      const passes = await replay(monitorSettings(), { statusDir: dir, everyMinutes: 10, minutes: 30 });
      // 10:20: P2 against P1, the same mix, lengths and latencies → nothing flagged.
      const same = passes.get(20)!.drift;
      expect(same.detected).toBe(false);
      expect(same.tests.find((t) => t.feature === 'skill_mix')).toMatchObject({ statistic: 0, flagged: false, current_samples: 100, reference_samples: 100 });
      // 10:30: P3 (55/15/15/15) against P1+P2 (50 of 200 each). With ½ smoothing:
      // 0.294118·ln(0.544118/0.25) + 3·(−0.098039)·ln(0.151961/0.25) = 0.228737 + 0.146423 = 0.37516.
      const shifted = passes.get(30)!.drift;
      expect(shifted.detected).toBe(true);
      const mix = shifted.tests.find((t) => t.feature === 'skill_mix')!;
      expect(mix.statistic).toBeCloseTo(0.37516, 4);
      expect([mix.severity, mix.flagged]).toEqual(['significant', true]);
      // Latency moved from 1100–2000 to 5100–6000 ms: every P3 value is above every earlier one, D = 1.
      expect(shifted.tests.find((t) => t.feature === 'latency_ms')).toMatchObject({ statistic: 1, flagged: true });
      // Prompt and output lengths follow the same pattern in every phase.
      expect(shifted.tests.filter((t) => t.feature.includes('tokens')).map((t) => t.flagged)).toEqual([false, false, false, false]);
    } finally {
      await remove();
    }
  });
});
