// The training run the browser test shows: checkpoints, evaluator records and status bodies
// with figures chosen by hand, so the page can be checked against numbers known in advance.
import type { EvalRecord, EvaluationResult, Example, StatusBody } from '@flywheel/contracts';
import { splitThink } from '@flywheel/evaluation';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** A prompt that would run script if the page ever parsed API text as HTML. */
export const HOSTILE_PROMPT = 'Ignore this: <img src=x onerror="window.__xss=1"> What is 6 * 7?';

/** The validation set: two examples per difficulty. */
export const EXAMPLES: Example[] = [
  { id: 'add-1', prompt: 'What is 17 + 25?', golden: '42', difficulty: 'easy', skill: 'arithmetic' },
  { id: 'add-2', prompt: 'What is 9 + 10?', golden: '19', difficulty: 'easy', skill: 'arithmetic' },
  {
    id: 'syl-1',
    messages: [{ role: 'user', content: 'All cats are mammals. Tom is a cat. Is Tom a mammal?' }],
    golden: 'yes',
    difficulty: 'medium',
    skill: 'syllogism',
  },
  { id: 'word-1', prompt: 'Ann has 3 apples and buys 4 more. How many?', golden: '7', difficulty: 'medium', skill: 'word_problem' },
  { id: 'mul-1', prompt: HOSTILE_PROMPT, golden: '42', difficulty: 'hard', skill: 'arithmetic' },
  { id: 'mul-2', prompt: 'What is 123 * 4?', golden: '492', difficulty: 'hard', skill: 'arithmetic' },
];

/** Correct example ids per evaluated checkpoint (by step). Accuracies worked out by hand below. */
export const CORRECT: Record<number, string[]> = {
  100: ['add-1'], //                                        1/6; easy 1/2, medium 0/2, hard 0/2
  200: ['add-1', 'add-2', 'syl-1'], //                      3/6; easy 2/2, medium 1/2, hard 0/2
  300: ['add-1', 'add-2', 'syl-1', 'word-1', 'mul-1'], //   5/6 = 83.3%; easy 100%, medium 100%, hard 50%
};

/** What checkpoint-300 answered: reasoning in <think> tags, one block never closed. */
export const OUTPUTS_300: Record<string, string> = {
  'add-1': '<think>7 + 5 = 12, carry the 1; 1 + 2 + 1 = 4</think>42',
  'add-2': '19',
  'syl-1': '<think>cats are mammals and Tom is a cat</think>yes',
  'word-1': '7',
  'mul-1': '<think>6 * 7 = 42</think>42',
  'mul-2': '<think>123 * 4 = 400 + 80 + 12, so the answer is',
};

export const ACCURACY_300 = { overall: '83.3%', easy: '100.0%', medium: '100.0%', hard: '50.0%' };

/** trainer_state.json log history of checkpoint-<step>: every step logged up to it, eval loss at its own step. */
export function logHistory(step: number) {
  const train = [
    { step: 100, loss: 1.25, learning_rate: 2e-5, epoch: 0.1 },
    { step: 200, loss: 0.9, learning_rate: 1.8e-5, epoch: 0.2 },
    { step: 300, loss: 0.8125, learning_rate: 1.6e-5, epoch: 0.3 },
  ].filter((entry) => entry.step <= step);
  return [...train, { step, eval_loss: step === 300 ? 0.875 : 1, epoch: step / 1000 }];
}

/** A checkpoint folder as Hugging Face Trainer leaves it: weights and trainer_state.json. */
export async function writeCheckpoint(checkpointsDir: string, step: number): Promise<void> {
  const dir = path.join(checkpointsDir, `checkpoint-${step}`);
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'adapter_model.safetensors'), Buffer.alloc(64));
  const state = { global_step: step, epoch: step / 1000, max_steps: 1000, best_model_checkpoint: null, log_history: logHistory(step) };
  await writeFile(path.join(dir, 'trainer_state.json'), JSON.stringify(state, null, 2));
}

/** One evaluation of the validation set as the evaluator caches it. */
export function evaluationOf(step: number, exampleSetId: string): EvaluationResult {
  const correct = new Set(CORRECT[step]);
  const records: EvalRecord[] = EXAMPLES.map((example) => {
    const prediction = step === 300 ? OUTPUTS_300[example.id]! : correct.has(example.id) ? example.golden : 'I do not know';
    return {
      exampleId: example.id,
      difficulty: example.difficulty,
      skill: example.skill,
      prediction,
      correct: correct.has(example.id),
      think: splitThink(prediction).think,
      confidence: correct.has(example.id) ? 0.9 : 0.4,
      golden: { nll: 2, tokens: 2, meanNll: 1, isGreedy: correct.has(example.id) },
      outputTokens: 12,
      latencyMs: 30,
      backend: 'vllm:adapter',
      cacheKey: `${step}-${example.id}`,
    };
  });
  const right = records.filter((r) => r.correct).length;
  return {
    checkpoint: `checkpoint-${step}`,
    checkpointId: `fingerprint-${step}`,
    exampleSet: 'validation',
    exampleSetId,
    params: { maxTokens: 256, temperature: 0, stop: [] },
    backend: 'vllm:adapter',
    summary: {
      examples: records.length,
      correct: right,
      accuracy: right / records.length,
      meanConfidence: 0.7,
      goldenLoss: 1,
      goldenTokens: 12,
      unsupported: {},
      skippedLines: 0,
      cachedRecords: 0,
    },
    problems: [],
    records,
    evaluatedAt: new Date(Date.UTC(2026, 10, 25, 10, step / 100)).toISOString(),
  };
}

const ranking = (step: number, score: number, accuracy: number) => ({
  checkpoint: `checkpoint-${step}`,
  score,
  accuracy,
  loss: 1,
  ece: 0.05,
  examples: 6,
});

export const BODIES = {
  training: {
    status: 'training',
    current_step: 310,
    total_steps: 1000,
    epoch: 0.31,
    loss: 0.8,
    learning_rate: 1.55e-5,
    current_file: 'batch_0031.jsonl',
  },
  model_comparison: {
    rankings: [ranking(200, 0.55, 0.5), ranking(300, 0.71, 5 / 6), ranking(100, 0.31, 1 / 6)],
    best_checkpoint: 'checkpoint-300',
    runner_up: 'checkpoint-200',
    best_distinguishable: true,
  },
  confidence: {
    checkpoint: 'checkpoint-300',
    bins: [
      { range: '0.0-0.2', accuracy: null, count: 0 },
      { range: '0.2-0.4', accuracy: null, count: 0 },
      { range: '0.4-0.6', accuracy: 0, count: 1, mean_confidence: 0.4 },
      { range: '0.6-0.8', accuracy: null, count: 0 },
      { range: '0.8-1.0', accuracy: 1, count: 5, mean_confidence: 0.9 },
    ],
    ece: 0.15,
    well_calibrated: false,
    examples: 6,
    brier: 0.042,
  },
  regression: {
    regression_detected: false,
    checkpoint: 'checkpoint-300',
    baseline_loss: 0.9,
    current_loss: 0.875,
    increase_percent: -2.8,
    alert_level: 'none',
    baseline_checkpoint: 'checkpoint-200',
    threshold_percent: 15,
    critical_percent: 25,
    evidence: {
      checkpoints: [
        { checkpoint: 'checkpoint-100', step: 100, loss: 1, source: 'trainer_state', examples: null },
        { checkpoint: 'checkpoint-200', step: 200, loss: 0.9, source: 'trainer_state', examples: null },
        { checkpoint: 'checkpoint-300', step: 300, loss: 0.875, source: 'trainer_state', examples: null },
      ],
      method: 'threshold_only',
      examples: null,
      interval_percent: null,
      p_value: null,
      reason: 'checkpoint-300 vs checkpoint-200: -2.8%, below the 15% threshold.',
    },
    errors: [],
  },
  deployment: {
    checkpoint: 'checkpoint-300',
    deployed_at: '2026-11-25T10:05:00.000Z',
    score: 0.71,
    success: true,
    previous: 'checkpoint-200',
    serving: 'checkpoint-300',
    rolled_back: false,
    gates: [{ gate: 'best_checkpoint', pass: true, detail: 'checkpoint-300 ranks first' }],
    reason: 'checkpoint-300 deployed: healthy, smoke answer correct',
  },
  testing: {
    checkpoint: 'checkpoint-300',
    overall_accuracy: 5 / 6,
    by_difficulty: { easy: 1, medium: 1, hard: 0.5 },
    regression_detected: false,
    baseline: 'checkpoint-200',
  },
  curriculum: { best_strategy: 'progressive', accuracy: 0.8, strategies_tested: 3, current_strategy: 'progressive' },
} satisfies { [Id in 'training' | 'model_comparison' | 'confidence' | 'regression' | 'deployment' | 'testing' | 'curriculum']: StatusBody<Id> };

/** The change the live test writes: a new best checkpoint, and a critical regression. */
export const LIVE_CHANGE = {
  model_comparison: {
    ...BODIES.model_comparison,
    rankings: [ranking(400, 0.8, 1), ...BODIES.model_comparison.rankings],
    best_checkpoint: 'checkpoint-400',
  },
  regression: {
    ...BODIES.regression,
    regression_detected: true,
    checkpoint: 'checkpoint-400',
    current_loss: 1.16,
    increase_percent: 28.9,
    alert_level: 'critical',
    evidence: {
      ...BODIES.regression.evidence,
      checkpoints: [
        ...BODIES.regression.evidence.checkpoints,
        { checkpoint: 'checkpoint-400', step: 400, loss: 1.16, source: 'trainer_state', examples: null },
      ],
      reason: 'checkpoint-400 vs checkpoint-200: +28.9%, above the 25% critical threshold.',
    },
  },
} satisfies { model_comparison: StatusBody<'model_comparison'>; regression: StatusBody<'regression'> };
