import type { FineTuneBrief, FineTuneControl, GatewayEvent, MonitoringLevel } from '@flywheel/contracts';
import type { MonitorConfig } from '@flywheel/config';
import { newAccuracyDropState, type AccuracyDropState } from './accuracy-drop.js';
import type { CpuSnapshot } from './host-usage.js';
import { BRIEF_TEXT_CHARS, MAX_KEPT_CORRECTIONS, type CorrectionExample } from './fine-tune-brief.js';
import { SampleWindow } from './sample-window.js';
import { NO_SCORERS, scanAtIngest, type SafetyScorers } from './safety-scan.js';
import { toRatingSample, toRequestSample, unknownAnswerMatcher, type AnswerSafety, type RatingSample, type RequestSample } from './samples.js';
import { parseStreamEntry, type MonitoredStream } from './stream-entry.js';

export interface IngestProblem {
  stream: MonitoredStream;
  id: string;
  message: string;
}

export interface LastFire {
  at: string;
  /** WARNING or CRITICAL, or any level when a shown accuracy drop fired it. */
  level: MonitoringLevel;
  confidence: number;
  urgency: number;
  method: string;
  weak_skills: string[];
  command: string[] | null;
  exit_code: number | null;
  output_tail: string | null;
  skill_focus_file: string | null;
  brief?: FineTuneBrief;
}

/** The last manual "fine-tune now" and what ran (`fine_tune.manual_last`). */
export interface ManualRun {
  id: string;
  requested_by: string;
  requested_at: string;
  ran_at: string;
  reason: string | null;
  command: string[] | null;
  exit_code: number | null;
  output_tail: string | null;
  coalesced?: string[];
  brief?: FineTuneBrief;
}

/** Everything the monitor remembers between passes (in memory; the cursor and totals are also kept in Redis). */
export interface MonitorState {
  requests: SampleWindow<RequestSample>;
  ratings: SampleWindow<RatingSample>;
  /** Last stream id read from each stream ("0-0": nothing yet). */
  cursor: Record<MonitoredStream, string>;
  totals: { events: number; feedback: number; malformed: number };
  /** The most recent malformed entries. */
  problems: IngestProblem[];
  lastTriggeredAtMs: number | null;
  lastFire: LastFire | null;
  cpu: CpuSnapshot | null;
  judgeErrors: number;
  /** Judge replies quarantined as unreadable since this process started. */
  judgeQuarantined: number;
  isUnknownAnswer: (text: string) => boolean;
  /** Toxicity and refusal scorers; PII is always counted. */
  scorers: SafetyScorers;
  scanAnswer: (event: GatewayEvent) => AnswerSafety;
  /** The dashboard's switch as last read (null: never set, `monitor.autoFineTune` applies). */
  control: FineTuneControl | null;
  /** Last id read from the fine-tune requests stream ("0-0": nothing yet). */
  fineTuneRequestsCursor: string;
  manualLast: ManualRun | null;
  /** The newest rated-bad answers with their corrections (at most `MAX_KEPT_CORRECTIONS`, newest last), for the fine-tune brief. */
  corrections: CorrectionExample[];
  /** The live accuracy-drop check's looks (in memory: a restarted monitor starts a new run of looks). */
  accuracyDrop: AccuracyDropState;
}

export const MAX_KEPT_PROBLEMS = 20;

export function createMonitorState(monitor: Pick<MonitorConfig, 'unknownPatterns'>, scorers: SafetyScorers = NO_SCORERS): MonitorState {
  return {
    requests: new SampleWindow(),
    ratings: new SampleWindow(),
    cursor: { gateway: '0-0', feedback: '0-0' },
    totals: { events: 0, feedback: 0, malformed: 0 },
    problems: [],
    lastTriggeredAtMs: null,
    lastFire: null,
    cpu: null,
    judgeErrors: 0,
    judgeQuarantined: 0,
    isUnknownAnswer: unknownAnswerMatcher(monitor.unknownPatterns),
    scorers,
    scanAnswer: scanAtIngest(scorers),
    control: null,
    fineTuneRequestsCursor: '0-0',
    manualLast: null,
    corrections: [],
    accuracyDrop: newAccuracyDropState(),
  };
}

export interface IngestOutcome {
  /** The new requests with their events (for the judge), in stream order. */
  requests: { event: GatewayEvent; sample: RequestSample }[];
  ratings: number;
  problems: IngestProblem[];
}

/**
 * Adds stream entries to the windows: each entry is parsed against its contract; a bad one is
 * counted and kept as a problem with its stream id. The cursor moves past every entry.
 * `count: false` rebuilds windows after a restart from entries that were counted before.
 */
export function ingestEntries(
  state: MonitorState,
  stream: MonitoredStream,
  entries: readonly (readonly [string, readonly string[]])[],
  monitor: Pick<MonitorConfig, 'goodRatingScore' | 'badRatingScore'>,
  options: { count: boolean } = { count: true },
): IngestOutcome {
  const outcome: IngestOutcome = { requests: [], ratings: 0, problems: [] };
  for (const [id, fields] of entries) {
    const parsed = parseStreamEntry(stream, id, fields);
    if (!parsed.ok) {
      const problem = { stream, id, message: parsed.message };
      outcome.problems.push(problem);
      if (options.count) {
        state.totals.malformed += 1;
        state.problems.push(problem);
        if (state.problems.length > MAX_KEPT_PROBLEMS) state.problems.shift();
      }
    } else if (parsed.stream === 'gateway') {
      const sample = toRequestSample(parsed.value, state.isUnknownAnswer, state.scanAnswer);
      state.requests.add(sample);
      outcome.requests.push({ event: parsed.value, sample });
      if (options.count) state.totals.events += 1;
    } else {
      state.ratings.add(toRatingSample(parsed.value, monitor));
      const record = parsed.value;
      if (record.rating === 'bad' && record.correction !== undefined) {
        // Kept longer than a brief quotes: redaction must see a whole e-mail or card number before the cut.
        const keep = (text: string) => text.slice(0, 4 * BRIEF_TEXT_CHARS);
        state.corrections.push({ requestId: record.request_id, atMs: Date.parse(record.at), skill: record.skill, prompt: keep(record.prompt), answer: keep(record.original_completion), correction: keep(record.correction) });
        if (state.corrections.length > MAX_KEPT_CORRECTIONS) state.corrections.shift();
      }
      outcome.ratings += 1;
      if (options.count) state.totals.feedback += 1;
    }
    state.cursor[stream] = id;
  }
  return outcome;
}
