import { FineTuneControl, parseJsonAs, redisNamespace } from '@flywheel/contracts';
import type { Redis } from 'ioredis';

/** The switch as someone sets it: on or off, who, and when (ISO time). */
export type FineTuneControlChange = FineTuneControl;

/**
 * The dashboard's auto fine-tune switch, or null when nobody has set it (the config's
 * `monitor.autoFineTune` then holds).
 * @throws when the key holds something that is not a FineTuneControl, naming the key and field:
 *   a switch that cannot be read must not silently fall back to the config's value.
 */
export async function readFineTuneControl(redis: Redis, run: string): Promise<FineTuneControl | null> {
  const key = redisNamespace(run).fineTuneControl;
  const text = await redis.get(key);
  return text === null ? null : parseJsonAs(FineTuneControl, text, key);
}

/**
 * Sets the switch (replacing any earlier setting) and answers what was stored.
 * @throws when `change` is not a FineTuneControl (empty `changed_by`, a time that is not ISO)
 */
export async function setFineTuneControl(redis: Redis, run: string, change: FineTuneControlChange): Promise<FineTuneControl> {
  const control = FineTuneControl.parse(change);
  await redis.set(redisNamespace(run).fineTuneControl, JSON.stringify(control));
  return control;
}

/** Removes the switch, so the config's `monitor.autoFineTune` holds again. Answers whether one was set. */
export async function clearFineTuneControl(redis: Redis, run: string): Promise<boolean> {
  return (await redis.del(redisNamespace(run).fineTuneControl)) > 0;
}

/** What the monitor should do: the switch when set, else the config's value. */
export const effectiveAutoFineTune = (control: FineTuneControl | null, configAutoFineTune: boolean): boolean =>
  control ? control.auto_fine_tune : configAutoFineTune;
