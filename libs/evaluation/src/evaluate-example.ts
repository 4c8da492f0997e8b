import type { EvalRecord, Example, GenerationParams } from '@flywheel/contracts';
import type { ModelBackend, PromptInput } from '@flywheel/model-backend';
import { answerConfidence } from './answer-confidence.js';
import { gradePrediction } from './graders.js';
import { splitThink } from './think.js';

export function promptOf(example: Example): PromptInput {
  return example.messages ? { messages: example.messages } : { prompt: example.prompt! };
}

/**
 * One example on one checkpoint: a greedy answer with its token logprobs, and the
 * teacher-forced score of the golden answer. The two requests are independent, so they go
 * out together; the backend bounds how many are in flight.
 */
export async function evaluateExample(
  backend: ModelBackend,
  example: Example,
  params: GenerationParams,
  cacheKey: string,
): Promise<EvalRecord> {
  const input = promptOf(example);
  const [generation, golden] = await Promise.all([
    backend.generate(input, params),
    backend.scoreContinuation(input, example.golden),
  ]);
  const split = splitThink(generation.text);
  return {
    exampleId: example.id,
    difficulty: example.difficulty,
    skill: example.skill,
    prediction: generation.text,
    correct: gradePrediction(generation.text, example.golden, example.grader),
    think: split.think,
    confidence: answerConfidence(generation.tokens, split.answerStart),
    golden,
    outputTokens: generation.outputTokens,
    latencyMs: generation.latencyMs,
    backend: `${backend.endpoint.profile.name}:${backend.endpoint.model}`,
    cacheKey,
  };
}
