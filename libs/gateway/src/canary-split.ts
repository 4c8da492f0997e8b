import { canaryRoute, type CanaryArm, type CanaryStatus } from '@flywheel/contracts';
import type { StatusStore } from '@flywheel/status-store';
import { polledValue } from './polled-value.js';

/** The arm a request to the deployed server goes to, and the model name to send for it. */
export interface CanaryChoice {
  arm: CanaryArm;
  model: string;
  checkpoint: string;
}

/** What the gateway knows of a canary (status/canary.json and the champion it was judged against). */
export interface CanarySplit {
  /** For a request about to go to `upstream`: its arm, or null when no canary applies (another upstream, or no canary.json). */
  choose(upstream: string): CanaryChoice | null;
}

export interface CanarySplitOptions {
  /** The upstream whose traffic is split: the deployed one (the first). */
  upstream: string;
  /** canary.json and champion.json's champion, as the status store reads them (null: missing or unusable). */
  read(): Promise<{ canary: CanaryStatus | null; champion: string | null }>;
  /** Milliseconds between reads. @defaultValue 2000 */
  refreshMs?: number;
  /** Uniform draws in [0, 1). @defaultValue Math.random */
  random?: () => number;
  /** Where a failed read is reported (the last state read stays in force). */
  onError?: (error: unknown) => void;
}

/**
 * Splits the deployed upstream's traffic by status/canary.json, re-read every `refreshMs`: while
 * a canary runs, each request is sent to the canary's model with probability `share`, drawn per
 * request, independently of the request (what makes pairing canary and champion requests by
 * skill and time valid: see libs/deploy's matchPairs); once decided, every request goes to the
 * winner's model, as long as the winner is still champion.json's champion (a later deployment
 * that is not a canary leaves canary.json behind: it is then ignored).
 */
export function createCanarySplit(options: CanarySplitOptions): CanarySplit & { refresh(): Promise<void>; stop(): void } {
  const random = options.random ?? Math.random;
  const followed = polledValue<{ canary: CanaryStatus | null; champion: string | null }>(options.read, { canary: null, champion: null }, options.refreshMs ?? 2_000, options.onError);
  return {
    refresh: followed.refresh,
    stop: followed.stop,
    choose(upstream) {
      const state = followed.current();
      const canary = state.canary;
      if (upstream !== options.upstream || !canary) return null;
      if (canary.state !== 'running') {
        const winner = canary.state === 'promoted' ? canary.canary : canary.champion;
        if (winner !== state.champion) return null;
      }
      const { arm, model } = canaryRoute(canary, random());
      return { arm, model, checkpoint: arm === 'canary' ? canary.canary : canary.champion };
    },
  };
}

/** canary.json and the champion's name through the status store (file or Redis copy, the newer); an unusable copy counts as none. */
export function canaryStateReader(store: Pick<StatusStore, 'read'>): CanarySplitOptions['read'] {
  return async () => {
    const [canary, champion] = await Promise.all([store.read('canary'), store.read('champion')]);
    return {
      canary: canary.state === 'present' ? canary.data : null,
      champion: champion.state === 'present' ? champion.data.champion : null,
    };
  };
}
