import type { Difficulty } from '@flywheel/contracts';

/** The seed's five curriculum strategies (§1). */
export const STRATEGIES = ['easy_to_hard', 'random_mix', 'hard_first', 'interleaved', 'adaptive'] as const;
export type Strategy = (typeof STRATEGIES)[number];
export type DifficultyMix = Record<Difficulty, number>;

export interface MixContext {
  /** Batches generated so far in this run (for strategies that move over time). */
  batchIndex: number;
  /** The latest validation loss change (adaptive): positive means it got worse. */
  recentLossChange?: number | null;
}

/**
 * The difficulty distribution a strategy asks for in its next batch:
 * - easy_to_hard: starts at 70/20/10 and moves by 10 points per batch towards 10/20/70;
 * - random_mix: a third each;
 * - hard_first: 10/20/70;
 * - interleaved: alternates 70/20/10 and 10/20/70 batch by batch (mean a third each of easy and hard);
 * - adaptive: 50/30/20, shifted 20 points towards easy while the loss rises, towards hard while it falls.
 */
export function strategyMix(strategy: Strategy, context: MixContext): DifficultyMix {
  switch (strategy) {
    case 'easy_to_hard': {
      const t = Math.min(1, context.batchIndex / 6);
      return normalize({ easy: 0.7 - 0.6 * t, medium: 0.2, hard: 0.1 + 0.6 * t });
    }
    case 'random_mix':
      return { easy: 1 / 3, medium: 1 / 3, hard: 1 / 3 };
    case 'hard_first':
      return { easy: 0.1, medium: 0.2, hard: 0.7 };
    case 'interleaved':
      return context.batchIndex % 2 === 0 ? { easy: 0.7, medium: 0.2, hard: 0.1 } : { easy: 0.1, medium: 0.2, hard: 0.7 };
    case 'adaptive': {
      const change = context.recentLossChange ?? 0;
      const shift = change > 0 ? 0.2 : change < 0 ? -0.2 : 0;
      return normalize({ easy: 0.5 + shift, medium: 0.3, hard: Math.max(0, 0.2 - shift) });
    }
  }
}

function normalize(mix: DifficultyMix): DifficultyMix {
  const total = mix.easy + mix.medium + mix.hard;
  return { easy: mix.easy / total, medium: mix.medium / total, hard: mix.hard / total };
}
