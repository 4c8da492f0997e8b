import type { ManualFineTuneRequest } from '@flywheel/contracts';
import { loadConfig, type CostConfig, type MonitorConfig } from '@flywheel/config';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runMonitorPass, type LlmHealthBody } from './monitor-pass.js';
import { createMonitorState, ingestEntries, type MonitorState } from './monitor-state.js';
import { safetyScorers } from './safety-scan.js';
import type { MonitoredStream } from './stream-entry.js';

/** The recorded traffic of fixtures/degrading-traffic.jsonl: stream, stream id and the entry's fields as Redis holds them. */
export function recordedTraffic(): { stream: MonitoredStream; id: string; atMs: number; fields: string[] }[] {
  const text = readFileSync(fileURLToPath(new URL('../fixtures/degrading-traffic.jsonl', import.meta.url)), 'utf8');
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const entry = JSON.parse(line) as { stream: MonitoredStream; id: string; event?: unknown; record?: unknown };
      const fields = entry.stream === 'gateway' ? ['event', JSON.stringify(entry.event)] : ['record', JSON.stringify(entry.record)];
      return { stream: entry.stream, id: entry.id, atMs: Number(entry.id.split('-')[0]), fields };
    });
}

export const T0 = Date.parse('2026-11-20T10:00:00.000Z');

/** The default monitor settings with some changed. */
export function monitorSettings(change: (m: MonitorConfig) => void = () => undefined): MonitorConfig {
  const monitor = structuredClone(loadConfig({ argv: [], env: {}, cwd: '/' }).monitor);
  change(monitor);
  return monitor;
}

const host = { memory_used_bytes: 1, memory_total_bytes: 2, memory_percent: 50, cpu_percent: null, load_average_1m: 0, monitor_rss_bytes: 1 };

/**
 * Replays the recorded traffic through the daemon's processing functions, a pass every
 * `everyMinutes` from T0 for `minutes`: each pass ingests what the streams hold up to then and
 * evaluates. Resolves to each pass's status body, keyed by minute.
 */
export async function replay(
  monitor: MonitorConfig,
  options: { statusDir: string; minutes?: number; everyMinutes?: number; state?: MonitorState; cost?: CostConfig; manual?: Map<number, ManualFineTuneRequest[]> },
) {
  const traffic = recordedTraffic();
  const defaults = loadConfig({ argv: [], env: {}, cwd: '/' });
  // The default scorers (obscenity, refusal patterns); no LLM judge in a replay.
  const state = options.state ?? createMonitorState(monitor, safetyScorers(defaults.safety));
  const passes = new Map<number, LlmHealthBody>();
  let next = 0;
  for (let minute = options.everyMinutes ?? 1; minute <= (options.minutes ?? 50); minute += options.everyMinutes ?? 1) {
    const nowMs = T0 + minute * 60_000;
    while (next < traffic.length && traffic[next]!.atMs <= nowMs) {
      const { stream, id, fields } = traffic[next]!;
      ingestEntries(state, stream, [[id, fields]], monitor);
      next += 1;
    }
    passes.set(
      minute,
      await runMonitorPass(state, {
        nowMs, monitor, statusDir: options.statusDir, baseDir: options.statusDir, run: 'replay', host, errors: [],
        redact: true, cost: options.cost ?? defaults.cost, gpu: null, manualRequests: options.manual?.get(minute) ?? [],
      }),
    );
  }
  return passes;
}
