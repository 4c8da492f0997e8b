// production-monitor's ingest rate: gateway events per second taken from stream entries into
// the windows (JSON parse, contract check, window update), against a baseline of plain
// JSON.parse of the same entries, measured in the same run, alternating rounds so drift on a
// shared machine hits both alike. Run alone: node --conditions=development --import tsx bench/monitor-ingest.bench.ts
import { loadConfig } from '@flywheel/config';
import type { GatewayEvent } from '@flywheel/contracts';
import { createMonitorState, ingestEntries } from '@flywheel/production-monitor';
import { pathToFileURL } from 'node:url';
import { printResult } from './bench-examples.js';

const EVENTS = 50_000;
const BATCH = 1_000;
const ROUNDS = 5;
const SKILLS = ['code_generation', 'reasoning', 'factual', 'creative', null];

function entries(): [string, string[]][] {
  const start = Date.parse('2026-11-20T10:00:00.000Z');
  return Array.from({ length: EVENTS }, (_, i) => {
    const at = start + i * 10;
    const latency = 200 + ((i * 7919) % 3000);
    const event: GatewayEvent = {
      id: `req-${i}`, at: new Date(at).toISOString(), kind: i % 3 ? 'chat' : 'completion', stream: i % 2 === 0, model: i % 5 ? 'deployed' : 'fallback',
      outcome: i % 50 ? 'success' : 'error', status: i % 50 ? 200 : 502, error: i % 50 ? null : 'upstream 502', latency_ms: latency,
      first_token_ms: i % 2 === 0 ? latency / 4 : null, prompt_tokens: 20 + (i % 300), completion_tokens: 50 + (i % 400), tokens_per_second: 40 + (i % 60),
      attempts: [{ model: 'deployed', outcome: 'success', status: 200, error: null, latency_ms: latency }],
      prompt: `Question number ${i}: explain the difference between a process and a thread in two sentences.`,
      output: i % 40 ? `Answer ${i}: a process has its own address space; threads share their process's memory.` : "I don't know.",
      skill: SKILLS[i % SKILLS.length]!,
    };
    return [`${at}-0`, ['event', JSON.stringify(event)]];
  });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export async function monitorIngestBench(): Promise<{ eventsPerSecond: number; baselinePerSecond: number; ratio: number }> {
  const monitor = loadConfig({ argv: [], env: {}, cwd: process.cwd() }).monitor;
  const data = entries();
  let sink = 0;
  const ingestRates: number[] = [];
  const parseRates: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    let started = performance.now();
    for (const [, fields] of data) sink += (JSON.parse(fields[1]!) as { latency_ms: number }).latency_ms;
    parseRates.push(EVENTS / ((performance.now() - started) / 1000));
    const state = createMonitorState(monitor);
    started = performance.now();
    for (let i = 0; i < data.length; i += BATCH) ingestEntries(state, 'gateway', data.slice(i, i + BATCH), monitor);
    ingestRates.push(EVENTS / ((performance.now() - started) / 1000));
    if (state.totals.events !== EVENTS) throw new Error(`ingested ${state.totals.events} of ${EVENTS} events`);
  }
  const eventsPerSecond = median(ingestRates);
  const baselinePerSecond = median(parseRates);
  const ratio = eventsPerSecond / baselinePerSecond;
  printResult(`production-monitor ingest (${EVENTS} gateway events, median of ${ROUNDS} rounds)`, {
    'ingest (parse + contract + window update)': `${Math.round(eventsPerSecond)} events/s`,
    'plain JSON.parse of the same entries (baseline)': `${Math.round(baselinePerSecond)} events/s`,
    'ratio (ingest / baseline)': ratio.toFixed(3),
    '(checksum)': sink % 7,
  });
  return { eventsPerSecond, baselinePerSecond, ratio };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await monitorIngestBench();
