import type { StatusIssue } from '@flywheel/contracts';
import { watch } from 'chokidar';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import { inspectCheckpoint } from './completeness.js';
import { checkpointStep, type CheckpointFolder } from './discover.js';
import type { TrainerState } from './trainer-state.js';

export interface ReadyCheckpoint extends CheckpointFolder {
  trainerState: TrainerState;
}

export interface WatchOptions {
  /** How long a checkpoint's files must stay unchanged before it counts. @defaultValue 2000 */
  settleMs?: number;
  onReady(checkpoint: ReadyCheckpoint): void;
  /** A checkpoint that cannot be used as it is (e.g. malformed trainer_state.json); reported once per distinct problem. */
  onProblem?(problem: StatusIssue): void;
  logger?: Logger;
}

export interface CheckpointWatcher {
  /** Resolves once the initial scan is done. */
  ready: Promise<void>;
  close(): Promise<void>;
}

/**
 * Watches a checkpoints folder (file-system events, no polling) and reports each complete
 * checkpoint once — those present at start too. A folder counts once it passes
 * `inspectCheckpoint` and its files have not changed for `settleMs`; a malformed one is
 * reported, and counts as soon as it is fixed.
 */
export function watchCheckpoints(dir: string, options: WatchOptions): CheckpointWatcher {
  const settleMs = options.settleMs ?? 2_000;
  mkdirSync(dir, { recursive: true });
  const announced = new Set<string>();
  const timers = new Map<string, NodeJS.Timeout>();
  const lastSignature = new Map<string, string>();
  const reportedProblem = new Map<string, string>();
  let closed = false;

  const schedule = (name: string) => {
    if (closed || announced.has(name)) return;
    clearTimeout(timers.get(name));
    timers.set(name, setTimeout(() => void check(name), settleMs));
  };

  const check = async (name: string) => {
    timers.delete(name);
    if (closed || announced.has(name)) return;
    const folder = path.join(dir, name);
    const inspection = await inspectCheckpoint(folder);
    if (closed || announced.has(name)) return;
    if (inspection.problem) {
      const key = `${inspection.problem.where}:${inspection.problem.message}`;
      if (reportedProblem.get(name) !== key) {
        reportedProblem.set(name, key);
        options.onProblem?.(inspection.problem);
      }
      lastSignature.delete(name);
      return;
    }
    if (!inspection.complete) {
      // Waits for the next file event (the missing file arriving) rather than re-checking.
      options.logger?.debug({ checkpoint: name, reason: inspection.reason }, 'checkpoint not complete yet');
      lastSignature.delete(name);
      return;
    }
    if (lastSignature.get(name) !== inspection.signature) {
      lastSignature.set(name, inspection.signature);
      schedule(name);
      return;
    }
    announced.add(name);
    lastSignature.delete(name);
    options.onReady({ name, step: checkpointStep(name)!, path: folder, trainerState: inspection.trainerState! });
  };

  const watcher = watch(dir, { depth: 1, ignoreInitial: false, persistent: true });
  const onPath = (changed: string) => {
    const top = path.relative(dir, changed).split(path.sep)[0] ?? '';
    if (checkpointStep(top) !== null) schedule(top);
  };
  watcher.on('add', onPath).on('addDir', onPath).on('change', onPath).on('unlink', onPath);
  watcher.on('error', (error) => options.logger?.error({ err: error, dir }, 'checkpoint watcher error'));
  const ready = new Promise<void>((resolve) => watcher.once('ready', () => resolve()));

  return {
    ready,
    async close() {
      closed = true;
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
      await watcher.close();
    },
  };
}
