import type { Example } from '@flywheel/contracts';
import type { ExampleMatch } from './example-index.js';
import { tokenize, type Tokens } from './sim-tokenizer.js';
import { normalCdf } from '@flywheel/statistics';
import {
  answerConfidenceFor,
  answerMargin,
  goldenTokenProbability,
  pCorrect,
  PROMPT_TOKEN_LOGPROB,
  simulatedAnswer,
  type Calibration,
  type SkillCurve,
} from './skill-model.js';

export interface AnswerModel {
  seed: string;
  curve: SkillCurve;
  calibration: Calibration;
  thinkTags: boolean;
}

/** What the simulated model generates for a prompt, with the probability of each token. */
export interface SimulatedGeneration {
  tokens: Tokens;
  /** Probability given to every generated token. */
  tokenProbability: number;
  finishReason: 'stop' | 'length';
}

export const UNKNOWN_PROMPT_ANSWER = '[simulator] unknown prompt';
/** After a prompt that already holds the golden answer, the model ends the turn. */
const END_OF_ANSWER = '\n';

export function simulateGeneration(model: AnswerModel, step: number, modelName: string, match: ExampleMatch | null, maxTokens: number): SimulatedGeneration {
  let text: string;
  let probability: number;
  if (!match) {
    text = UNKNOWN_PROMPT_ANSWER;
    probability = 0.1;
  } else if (match.withGolden) {
    text = END_OF_ANSWER;
    probability = 0.9;
  } else {
    const p = pCorrectFor(model, step, match.example);
    const correct = answerMargin(model.seed, modelName, match.example.id, p, model.curve.exampleCorrelation) > 0;
    text = simulatedAnswer(match.example, correct, model.thinkTags);
    probability = answerConfidenceFor(p, model.calibration);
  }
  const all = tokenize(text, false);
  const kept = Math.min(all.ids.length, maxTokens);
  return {
    tokens: { ids: all.ids.slice(0, kept), strs: all.strs.slice(0, kept), offsets: all.offsets.slice(0, kept) },
    tokenProbability: probability,
    finishReason: kept < all.ids.length ? 'length' : 'stop',
  };
}

export function pCorrectFor(model: AnswerModel, step: number, example: Example): number {
  return pCorrect(model.curve, step, example.difficulty, example.skill);
}

/**
 * Logprobs of prompt tokens under teacher forcing (first token: none). The tokens of a golden
 * answer (those ending after the example's prompt) get ln g, g = 0.2 + 0.75·Φ(margin), and are
 * the top choice exactly when the model would answer correctly; other prompt tokens get ln 0.5.
 */
export function promptLogprobs(
  model: AnswerModel,
  step: number,
  modelName: string,
  prompt: Tokens,
  match: ExampleMatch | null,
): { logprobs: (number | null)[]; top: (Record<string, number> | null)[] } {
  const golden = match?.withGolden ? match : null;
  const margin = golden
    ? answerMargin(model.seed, modelName, golden.example.id, pCorrectFor(model, step, golden.example), model.curve.exampleCorrelation)
    : -Infinity;
  const goldenLogprob = Math.log(goldenTokenProbability(normalCdf(margin)));
  const greedy = margin > 0;
  const logprobs: (number | null)[] = [];
  const top: (Record<string, number> | null)[] = [];
  prompt.strs.forEach((token, i) => {
    if (i === 0) {
      logprobs.push(null);
      top.push(null);
      return;
    }
    const inGolden = golden !== null && prompt.offsets[i]! + token.length > golden.promptLength;
    const logprob = inGolden ? goldenLogprob : PROMPT_TOKEN_LOGPROB;
    logprobs.push(logprob);
    // The alternative sits just above the token when the model would not have chosen it.
    const alternative = inGolden && !greedy ? logprob + 0.1 : logprob - 1;
    top.push(token === ALTERNATIVE ? { [token]: logprob } : { [token]: logprob, [ALTERNATIVE]: alternative });
  });
  return { logprobs, top };
}

/** The runner-up token named in top_logprobs. */
export const ALTERNATIVE = ' the';
