import type { NonFiniteValue, StatusIssue } from '@flywheel/contracts';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseTrainerState, type TrainerState } from './trainer-state.js';

export interface CheckpointInspection {
  complete: boolean;
  /** Why it is not complete (yet). */
  reason?: string;
  /** Names, sizes and mtimes of every file: equal signatures a moment apart mean nothing is being written. */
  signature: string;
  trainerState?: TrainerState;
  /** NaN/±Infinity that Python wrote into trainer_state.json (kept in `trainerState`; a complete checkpoint still). */
  nonFinite?: NonFiniteValue[];
  /** Set when trainer_state.json exists but is malformed: named file and field. */
  problem?: StatusIssue;
}

const WEIGHTS = [/\.safetensors$/, /^pytorch_model.*\.bin$/, /^adapter_model\./];
const IN_PROGRESS = [/\.partial$/, /\.tmp$/];

/**
 * Whether a checkpoint folder holds a usable checkpoint: a parseable trainer_state.json, at
 * least one weights file, and no file still being written (`*.partial`, `*.tmp`). Whether the
 * folder has stopped changing is the caller's call, from two signatures in a row.
 */
export async function inspectCheckpoint(folder: string): Promise<CheckpointInspection> {
  const names = (await readdir(folder, { recursive: true }).catch(() => [] as string[])).sort();
  const parts: string[] = [];
  for (const name of names) {
    const info = await stat(path.join(folder, name)).catch(() => null);
    if (info?.isFile()) parts.push(`${name}:${info.size}:${info.mtimeMs}`);
  }
  const signature = parts.join('|');
  const files = names.map((name) => path.basename(name));
  const incomplete = (reason: string, extra: Partial<CheckpointInspection> = {}): CheckpointInspection => ({
    complete: false,
    reason,
    signature,
    ...extra,
  });

  const busy = files.find((file) => IN_PROGRESS.some((pattern) => pattern.test(file)));
  if (busy) return incomplete(`${busy} is still being written`);
  if (!files.includes('trainer_state.json')) return incomplete('no trainer_state.json yet');
  if (!files.some((file) => WEIGHTS.some((pattern) => pattern.test(file)))) {
    return incomplete('no weights file (*.safetensors, pytorch_model*.bin, adapter_model.*)');
  }
  const stateFile = path.join(folder, 'trainer_state.json');
  const text = await readFile(stateFile, 'utf8').catch(() => null);
  if (text === null) return incomplete('trainer_state.json is not readable');
  const parsed = parseTrainerState(text, stateFile);
  if (!parsed.ok) return incomplete(`trainer_state.json is malformed: ${parsed.problem.message}`, { problem: parsed.problem });
  return { complete: true, signature, trainerState: parsed.state, ...(parsed.nonFinite.length ? { nonFinite: parsed.nonFinite } : {}) };
}
