import { scoreParts } from '@flywheel/analysis';
import type { Difficulty, EvalRecord, EvaluationResult, Example } from '@flywheel/contracts';
import { loadExampleSet } from '@flywheel/evaluation';
import { mcnemarExact } from '@flywheel/statistics';
import path from 'node:path';
import { integerFlag, stringFlag, type CommandArgs } from './command-args.js';
import { configFor, type CliContext } from './command-spec.js';
import { checkpointEvaluation, checkpointNameOf, stepOf } from './eval-records.js';
import { formatNumber, formatPercent, table } from './format.js';

const DIFFICULTIES: readonly Difficulty[] = ['easy', 'medium', 'hard'];

/** One checkpoint's figures, from its cached records. */
export interface ComparedCheckpoint {
  checkpoint: string;
  step: number;
  evaluated_at: string;
  examples: number;
  accuracy: number | null;
  by_difficulty: Record<Difficulty, number | null>;
  /** Token-weighted golden loss (Σ nll / Σ tokens). */
  loss: number | null;
  /** Expected calibration error over `calibration.bins` bins. */
  ece: number | null;
  /** Share of well-formed answers (closed think block, not empty, not cut off). */
  quality: number | null;
}

export interface Disagreement {
  id: string;
  difficulty: Difficulty;
  skill: string;
  golden: string | null;
  correct1: boolean;
  correct2: boolean;
  output1: string;
  output2: string;
}

export interface CheckpointComparison {
  checkpoint1: ComparedCheckpoint;
  checkpoint2: ComparedCheckpoint;
  /** On the examples both were evaluated on, paired by example id. */
  paired: {
    examples: number;
    both_right: number;
    both_wrong: number;
    only_checkpoint1: number;
    only_checkpoint2: number;
    /** McNemar's exact test, two-sided: could the discordant split be a fair coin? */
    mcnemar_p_value: number;
  };
  /** Examples right on one and wrong on the other, in example order. */
  disagreements: Disagreement[];
}

function sideOf(result: EvaluationResult, bins: number): ComparedCheckpoint {
  const parts = scoreParts(result.records, result.params.maxTokens, bins);
  const byDifficulty = Object.fromEntries(
    DIFFICULTIES.map((d) => {
      const of = result.records.filter((r) => r.difficulty === d);
      return [d, of.length ? of.filter((r) => r.correct).length / of.length : null];
    }),
  ) as Record<Difficulty, number | null>;
  return {
    checkpoint: result.checkpoint,
    step: stepOf(result.checkpoint),
    evaluated_at: result.evaluatedAt,
    examples: result.records.length,
    accuracy: parts.accuracy,
    by_difficulty: byDifficulty,
    loss: parts.loss,
    ece: parts.ece,
    quality: parts.quality,
  };
}

/**
 * Two checkpoints side by side from their evaluations: each one's accuracy, loss, ECE and
 * answer quality (the model comparison's own `scoreParts`), and, on the examples both saw,
 * the paired right/wrong table with McNemar's exact test, and the examples they disagree on.
 */
export function compareEvaluations(
  first: EvaluationResult,
  second: EvaluationResult,
  options: { bins: number; goldens?: ReadonlyMap<string, string> },
): CheckpointComparison {
  const secondById = new Map(second.records.map((r) => [r.exampleId, r]));
  const pairs: [EvalRecord, EvalRecord][] = [];
  for (const record of first.records) {
    const other = secondById.get(record.exampleId);
    if (other) pairs.push([record, other]);
  }
  let bothRight = 0;
  let bothWrong = 0;
  let only1 = 0;
  let only2 = 0;
  const disagreements: Disagreement[] = [];
  for (const [a, b] of pairs) {
    if (a.correct && b.correct) bothRight++;
    else if (!a.correct && !b.correct) bothWrong++;
    else {
      if (a.correct) only1++;
      else only2++;
      disagreements.push({
        id: a.exampleId, difficulty: a.difficulty, skill: a.skill, golden: options.goldens?.get(a.exampleId) ?? null,
        correct1: a.correct, correct2: b.correct, output1: a.prediction, output2: b.prediction,
      });
    }
  }
  return {
    checkpoint1: sideOf(first, options.bins),
    checkpoint2: sideOf(second, options.bins),
    paired: {
      examples: pairs.length,
      both_right: bothRight,
      both_wrong: bothWrong,
      only_checkpoint1: only1,
      only_checkpoint2: only2,
      mcnemar_p_value: mcnemarExact(only1, only2),
    },
    disagreements,
  };
}

const oneLine = (text: string, max = 60) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

export function formatComparison(c: CheckpointComparison, shown: number): string {
  const a = c.checkpoint1;
  const b = c.checkpoint2;
  const delta = (x: number | null, y: number | null, digits: number, percent: boolean) =>
    x === null || y === null ? '-' : `${y - x >= 0 ? '+' : ''}${percent ? ((y - x) * 100).toFixed(digits) + ' pts' : (y - x).toFixed(digits)}`;
  const rows = [
    ['examples', String(a.examples), String(b.examples), ''],
    ['accuracy', formatPercent(a.accuracy), formatPercent(b.accuracy), delta(a.accuracy, b.accuracy, 1, true)],
    ...DIFFICULTIES.map((d) => [`  ${d}`, formatPercent(a.by_difficulty[d]), formatPercent(b.by_difficulty[d]), delta(a.by_difficulty[d], b.by_difficulty[d], 1, true)]),
    ['loss (golden, per token)', formatNumber(a.loss), formatNumber(b.loss), delta(a.loss, b.loss, 4, false)],
    ['ECE', formatNumber(a.ece), formatNumber(b.ece), delta(a.ece, b.ece, 4, false)],
    ['well-formed answers', formatPercent(a.quality), formatPercent(b.quality), delta(a.quality, b.quality, 1, true)],
    ['evaluated at', a.evaluated_at, b.evaluated_at, ''],
  ];
  const p = c.paired;
  const lines = [
    table(['', a.checkpoint, b.checkpoint, 'change'], rows),
    '',
    `paired on ${p.examples} shared examples: both right ${p.both_right}, both wrong ${p.both_wrong}, ` +
      `only ${a.checkpoint} right ${p.only_checkpoint1}, only ${b.checkpoint} right ${p.only_checkpoint2}`,
    `McNemar exact test (two-sided): p = ${p.mcnemar_p_value.toFixed(4)}` +
      (p.only_checkpoint1 + p.only_checkpoint2 === 0 ? ' (no discordant pairs)' : p.mcnemar_p_value < 0.05 ? ' (a real difference at the 5% level)' : ' (within noise at the 5% level)'),
  ];
  if (c.disagreements.length > 0) {
    lines.push('', `examples they disagree on (${Math.min(shown, c.disagreements.length)} of ${c.disagreements.length}):`);
    for (const d of c.disagreements.slice(0, shown)) {
      lines.push(`  ${d.id} [${d.difficulty}, ${d.skill}]${d.golden !== null ? ` golden: ${oneLine(d.golden, 40)}` : ''}`);
      lines.push(`    ${d.correct1 ? 'right' : 'wrong'} ${a.checkpoint}: ${oneLine(d.output1)}`);
      lines.push(`    ${d.correct2 ? 'right' : 'wrong'} ${b.checkpoint}: ${oneLine(d.output2)}`);
    }
  }
  return lines.join('\n') + '\n';
}

/** Goldens by example id from the example set, when it can be read (for showing disagreements); empty otherwise. */
async function goldensOf(dir: string): Promise<Map<string, string>> {
  try {
    const set = await loadExampleSet(dir);
    return new Map(set.examples.map((e: Example) => [e.id, e.golden]));
  } catch {
    return new Map();
  }
}

/** `flywheel compare` once its arguments are parsed (see compare-command.ts). */
export async function compareMain(args: CommandArgs, { io }: CliContext): Promise<number> {
  const config = configFor('compare', args, io);
  const first = checkpointNameOf('compare', 'checkpoint1', stringFlag('compare', args, 'checkpoint1', true));
  const second = checkpointNameOf('compare', 'checkpoint2', stringFlag('compare', args, 'checkpoint2', true));
  const exampleSet = stringFlag('compare', args, 'example-set') ?? 'validation';
  const shown = integerFlag('compare', args, 'show', { min: 0 }) ?? 10;
  const evalsDir = path.join(config.paths.statusDir, 'evals');
  const [a, b] = await Promise.all([checkpointEvaluation(evalsDir, first, exampleSet), checkpointEvaluation(evalsDir, second, exampleSet)]);
  const goldens = await goldensOf(path.join(config.paths.dataDir, exampleSet));
  const comparison = compareEvaluations(a, b, { bins: config.calibration.bins, goldens });
  io.stdout(args.values['json'] ? JSON.stringify(comparison, null, 2) + '\n' : formatComparison(comparison, shown));
  return 0;
}
