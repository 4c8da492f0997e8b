import type { StatusStore } from '@flywheel/status-store';
import { polledValue } from './polled-value.js';

/** The model name the deployed checkpoint is served under, as the last deployment recorded it. */
export interface DeployedModel {
  /** The gateway's name of the upstream that serves the deployed checkpoint (its first). */
  readonly upstream: string;
  /** The recorded name, or null when none is (no deployment yet, a server that chooses its model, an unreadable file). */
  current(): string | null;
  /** Reads the record again now. */
  refresh(): Promise<void>;
  stop(): void;
}

export interface DeployedModelOptions {
  upstream: string;
  /** last_deployment.json's `served_model`, as the status store reads it (null: none). */
  read(): Promise<string | null>;
  /** Milliseconds between reads. @defaultValue 2000 */
  refreshMs?: number;
  /** Where a failed read is reported (the last name read stays in force). */
  onError?: (error: unknown) => void;
}

/**
 * Follows last_deployment.json's `served_model`, re-read every `refreshMs`: on a "lora" server
 * the base model is listed first in /v1/models and every adapter after it, so only the
 * deployment knows which adapter users should get.
 */
export function createDeployedModel(options: DeployedModelOptions): DeployedModel {
  return { upstream: options.upstream, ...polledValue(options.read, null, options.refreshMs ?? 2_000, options.onError) };
}

/** last_deployment.json's `served_model` through the status store (file or Redis copy, the newer); an unusable copy counts as none. */
export function deployedModelReader(store: Pick<StatusStore, 'read'>): DeployedModelOptions['read'] {
  return async () => {
    const read = await store.read('deployment');
    const served = read.state === 'present' ? read.data.served_model : null;
    return typeof served === 'string' && served ? served : null;
  };
}
