import { describe, expect, it } from '@jest/globals';
import { redactPii } from '@flywheel/response-safety';
import { accuracyBySkill } from './champion-skill-accuracy.js';
import { buildFineTuneBrief, type CorrectionExample } from './fine-tune-brief.js';
import type { JudgeScores, RatingSample, RequestSample } from './samples.js';

const judged = (accuracy: number, reason: string): JudgeScores => ({ relevance: 1, accuracy, completeness: 1, coherence: 1, task: 1, contextGiven: false, supported: null, outdated: null, biased: null, reason });

function request(n: number, skill: string, judgedAs: JudgeScores | null = null): RequestSample {
  return {
    id: `r${n}`, atMs: n, model: 'deployed', kind: 'chat', skill, ok: true, latencyMs: 100, firstTokenMs: null, tokensPerSecond: null, promptTokens: null, completionTokens: null,
    unknown: false, judged: judgedAs, pii: { email: 0, phone: 0, card: 0, iban: 0, ip_address: 0, secret: 0 }, toxic: null, refusal: null,
  };
}

const rating = (n: number, skill: string, good: boolean): RatingSample => ({ requestId: `r${n}`, atMs: n, skill, good, score: good ? 5 : 1, corrected: false, clarification: false, correctionScores: null });

const correction = (n: number, skill: string, prompt = `q${n}`): CorrectionExample => ({ requestId: `c${n}`, atMs: n, skill, prompt, answer: `wrong ${n}`, correction: `right ${n}` });

// 10 requests: 4 reasoning (3 judged: accuracy 0.5, 0.7, 0.6, mean 0.6), 4 code_generation (none
// judged; 5 ratings, 2 bad: 1 − 2/5 = 0.6), 2 facts. Champion: reasoning 18/20 = 0.9, code 5/10 = 0.5.
const requests = [
  request(1, 'reasoning', judged(0.5, 'wrong sum')), request(2, 'reasoning', judged(0.7, 'skips a step')), request(3, 'reasoning', judged(0.6, 'wrong sum')), request(4, 'reasoning'),
  request(5, 'code_generation'), request(6, 'code_generation'), request(7, 'code_generation'), request(8, 'code_generation'),
  request(9, 'facts'), request(10, 'facts'),
];
const ratings = [rating(5, 'code_generation', true), rating(6, 'code_generation', false), rating(7, 'code_generation', true), rating(8, 'code_generation', false), rating(9, 'code_generation', true)];
const champion = { champion: 'checkpoint-300', bySkill: { reasoning: { accuracy: 0.9, examples: 20 }, code_generation: { accuracy: 0.5, examples: 10 } }, missing: null };

describe('fine-tune brief', () => {
  it('estimates the gain from the accuracy gap to the champion on the weak skills, weighted by traffic', () => {
    const brief = buildFineTuneBrief({ weakSkills: ['reasoning', 'code_generation'], requests, ratings, corrections: [], champion, redact: redactPii });
    // reasoning: (0.9 − 0.6) · 100 = 30 points; code_generation: 0.5 − 0.6 = −10, counted 0;
    // traffic 4/10 each: weights 1/2 → 15 points.
    expect(brief.estimate.points).toBeCloseTo(15, 6);
    expect(brief.estimate.skills.map((s) => [s.skill, s.traffic_share, s.live_accuracy, s.live_source, s.live_samples, s.champion_accuracy, s.champion_examples])).toEqual([
      ['reasoning', 0.4, 0.6, 'judge', 3, 0.9, 20],
      ['code_generation', 0.4, 0.6, 'ratings', 5, 0.5, 10],
    ]);
    expect(brief.estimate.skills[0]!.gap_points).toBeCloseTo(30, 6);
    expect(brief.estimate.skills[1]!.gap_points).toBeCloseTo(-10, 6);
    expect(brief.estimate.basis).toMatch(/^accuracy gap to the champion checkpoint-300 on the weak skills/);
    expect(brief.estimate.basis).toContain('reasoning: champion 0.9 on 20 examples vs live 0.6 (judge, 3) = 30 points, weight 0.5');
    expect(brief.estimate.basis).toMatch(/→ 15 points$/);
    expect(brief.generator_prompt).toContain("The judge's commonest reasons for low scores: wrong sum; skips a step.");
  });

  it('quotes the newest corrections of the weak skills, three per skill, with personal data redacted', () => {
    const corrections = [correction(1, 'reasoning', 'mail me at ann@example.com'), correction(2, 'reasoning'), correction(3, 'facts'), correction(4, 'reasoning'), correction(5, 'reasoning')];
    const brief = buildFineTuneBrief({ weakSkills: ['reasoning'], requests, ratings, corrections, champion, redact: redactPii });
    expect(brief.examples.map((e) => e.request_id)).toEqual(['c5', 'c4', 'c2']);
    const withMail = buildFineTuneBrief({ weakSkills: ['reasoning'], requests, ratings, corrections: corrections.slice(0, 1), champion, redact: redactPii });
    expect(withMail.examples[0]).toEqual({ request_id: 'c1', skill: 'reasoning', prompt: 'mail me at [REDACTED:email]', answer: 'wrong 1', correction: 'right 1' });
    expect(withMail.generator_prompt).toContain('- mail me at [REDACTED:email] → wrong 1 → right 1');
    expect(withMail.generator_prompt).not.toContain('ann@example.com');
  });

  it('says why there is no estimate when there is no champion', () => {
    const brief = buildFineTuneBrief({ weakSkills: ['reasoning'], requests, ratings, corrections: [], champion: { champion: null, bySkill: {}, missing: 'no champion (status/champion.json absent or naming none)' }, redact: redactPii });
    expect(brief.estimate).toMatchObject({ champion: null, points: null, basis: 'no estimate: no champion (status/champion.json absent or naming none)' });
  });

  it('counts a champion evaluation\'s records per skill', () => {
    const records = [
      { skill: 'math', correct: true }, { skill: 'math', correct: false }, { skill: 'math', correct: true }, { skill: 'logic', correct: false },
    ] as Parameters<typeof accuracyBySkill>[0]['records'];
    expect(accuracyBySkill({ records })).toEqual({ math: { accuracy: 2 / 3, examples: 3 }, logic: { accuracy: 0, examples: 1 } });
  });
});
