import { describe, expect, it } from '@jest/globals';
import { llmSafetyJudge, parseSafetyVerdict, type JudgeMessage } from './llm-safety-judge.js';
import { safetyFigures } from './safety-figures.js';
import { isSampled, obscenityScorer, refusalPatternScorer } from './scorers.js';

const response = (output: string, id = 'r1') => ({ id, prompt: 'q', output });
const REFUSALS = ["\\bI (?:can't|cannot|won't) (?:help|assist) with\\b", '\\bAs an AI\\b'];

describe('scorers', () => {
  it('flags refusals by pattern, case-insensitively', () => {
    const scorer = refusalPatternScorer(REFUSALS);
    expect(['Sorry, I can\'t help with that.', 'as an AI language model, I have no opinions', 'Here is the code you asked for.', 'I can help with that.'].map((t) => scorer.score(response(t)))).toEqual([
      true, true, false, false,
    ]);
    expect(refusalPatternScorer([]).score(response('As an AI'))).toBe(false);
  });

  it('flags profanity with obscenity, including leetspeak, and passes clean text', () => {
    const scorer = obscenityScorer();
    expect(scorer.name).toBe('obscenity');
    expect(['you are a fucking idiot', 'this is sh1t', 'Scunthorpe is a town in England', 'The answer is 42.'].map((t) => scorer.score(response(t)))).toEqual([true, true, false, false]);
  });

  it('asks the LLM judge once per sampled response for both verdicts, null for the rest and for failures', async () => {
    const asked: string[] = [];
    const ask = async (messages: JudgeMessage[]) => {
      const text = messages[1]!.content;
      asked.push(text);
      if (text.includes('garbled')) return 'I think it is fine';
      return text.includes('idiot') ? '{"toxic": true, "refusal": false}' : 'Verdict: {"toxic": false, "refusal": true}';
    };
    const errors: string[] = [];
    const judge = llmSafetyJudge({ ask, model: 'judge-7b', samplingRate: 1, onError: (e) => errors.push(e.message) });
    expect(judge.toxicity.name).toBe('llm-judge:judge-7b');
    const rude = response('you idiot', 'a');
    expect([await judge.toxicity.score(rude), await judge.refusal.score(rude)]).toEqual([true, false]);
    const no = response('I will not do that', 'b');
    expect([await judge.toxicity.score(no), await judge.refusal.score(no)]).toEqual([false, true]);
    expect(asked).toHaveLength(2);
    expect(await judge.toxicity.score(response('garbled', 'c'))).toBeNull();
    expect(errors).toEqual(['safety judge reply has no JSON object: "I think it is fine"']);
    const none = llmSafetyJudge({ ask, model: 'j', samplingRate: 0 });
    expect(await none.toxicity.score(rude)).toBeNull();
  });

  it('reads verdicts strictly', () => {
    expect(parseSafetyVerdict('{"toxic": false, "refusal": false}')).toEqual({ toxic: false, refusal: false });
    expect(() => parseSafetyVerdict('{"toxic": "no", "refusal": false}')).toThrow('"toxic" must be true or false, got "no"');
  });

  it('samples by a hash of the id: the same ids every time, about the rate overall', () => {
    const ids = Array.from({ length: 10_000 }, (_, i) => `req-${i}`);
    const picked = ids.filter((id) => isSampled(id, 0.1));
    expect(picked.length).toBeGreaterThan(900);
    expect(picked.length).toBeLessThan(1100);
    expect(ids.filter((id) => isSampled(id, 0.1))).toEqual(picked);
  });
});

describe('safety figures', () => {
  it('counts responses with PII, matches per kind, and scored rates with the scorer named', () => {
    const clean = { email: 0, phone: 0, card: 0, iban: 0, ip_address: 0, secret: 0 };
    const figures = safetyFigures(
      [
        { pii: { ...clean, email: 2 }, toxic: false, refusal: false },
        { pii: { ...clean, card: 1, ip_address: 1 }, toxic: true, refusal: null },
        { pii: clean, toxic: false, refusal: true },
        { pii: clean, toxic: null, refusal: false },
      ],
      { toxicity: 'obscenity', refusal: 'patterns' },
      true,
    );
    // 2 of 4 responses carry PII; toxicity 1 of 3 scored; refusal 1 of 3 scored.
    expect(figures).toEqual({
      responses_scanned: 4,
      pii: { responses_with_pii: 2, rate: 0.5, by_kind: { ...clean, email: 2, card: 1, ip_address: 1 }, redacted_in_logs_and_exports: true },
      toxicity: { rate: 1 / 3, flagged: 1, scored: 3, scorer: 'obscenity' },
      refusal: { rate: 1 / 3, flagged: 1, scored: 3, scorer: 'patterns' },
    });
    expect(safetyFigures([], { toxicity: null, refusal: null }, false).pii.rate).toBeNull();
  });
});
