import type { FlywheelReport, ReportCategory } from '@flywheel/contracts';
import { DASH, duration, num, pct, points, when, withUnit } from './text-format.js';

// The report as a neutral document (sections of paragraphs, tables and chart slots) that the
// Markdown and HTML renderers both print: one place decides what each section says.

export type Block =
  | { kind: 'paragraph'; text: string }
  | { kind: 'table'; head: string[]; rows: string[][] }
  /** Where the HTML draws a chart; Markdown leaves it out. */
  | { kind: 'chart'; chart: 'timeline' | 'trends' };

export interface Section {
  /** Stable id: the HTML's `data-section`, the tests' handle. */
  id: string;
  title: string;
  blocks: Block[];
}

const p = (text: string): Block => ({ kind: 'paragraph', text });
const table = (head: string[], rows: string[][]): Block => ({ kind: 'table', head, rows });
const yesNo = (b: boolean | null) => (b === null ? DASH : b ? 'yes' : 'no');

export function reportTitle(report: FlywheelReport): string {
  return `Flywheel report — run ${report.run}, last ${duration(report.window.since_seconds)}`;
}

export function reportDocument(report: FlywheelReport): Section[] {
  return [overview(report), timeline(report), grades(report), trends(report), regressions(report), deployments(report), failures(report), safetyCost(report), recommendations(report), sources(report)];
}

function overview(r: FlywheelReport): Section {
  const t = r.traffic;
  return {
    id: 'overview',
    title: 'Overview',
    blocks: [
      p(`Window ${when(r.window.start)} → ${when(r.window.end)}; a replayed monitor pass every ${duration(r.window.step_seconds)}, each over the monitor's ${duration(r.window.monitor_window_seconds)} window. Generated ${when(r.generated_at)}.`),
      p(`Traffic from ${t.source === 'none' ? `nowhere (${t.detail ?? 'no source'})` : `${t.source}${t.detail ? ` (${t.detail})` : ''}`}: ${t.events} requests, ${t.feedback} ratings, ${t.malformed} malformed entries left out.`),
      ...t.problems.map((x) => p(`Left out: ${x.source}${x.where ? ` ${x.where}` : ''}: ${x.message}`)),
    ],
  };
}

function timeline(r: FlywheelReport): Section {
  const counts = Object.entries(r.level_counts).filter(([, n]) => n > 0).map(([level, n]) => `${level} ${n}`);
  const unjudged = r.timeline.filter((x) => x.level === null).length;
  return {
    id: 'timeline',
    title: 'Health-level timeline',
    blocks: [
      p(r.timeline.length === 0 ? 'No pass in the window.' : `Passes per level: ${counts.length ? counts.join(', ') : 'none judged'}${unjudged ? `; ${unjudged} with too little traffic to judge` : ''}.`),
      { kind: 'chart', chart: 'timeline' },
      table(
        ['at', 'level', 'health score', 'grade', 'requests', 'ratings', 'breaches'],
        r.timeline.map((x) => [when(x.at), x.level ?? 'not judged', num(x.health_score), x.grade ?? DASH, String(x.requests), String(x.ratings), x.breaches.map((b) => `${b.metric} ${num(b.value)} ${b.level}`).join('; ') || DASH]),
      ),
    ],
  };
}

function categoryRows(c: ReportCategory): string[][] {
  return c.metrics.map((m) => [m.label, withUnit(m.value, m.unit), m.score === null ? DASH : num(m.score), m.basis, m.source]);
}

function grades(r: FlywheelReport): Section {
  return {
    id: 'grades',
    title: 'Grades by category (seed 000)',
    blocks: [
      p("Each category's score is the mean of its scored metrics (0–1), graded on score × 100: A+ ≥ 90, A ≥ 85, B+ ≥ 80, B ≥ 75, C ≥ 70, D ≥ 60, F below. Traffic figures cover the whole window."),
      table(['category', 'score', 'grade', 'note'], r.categories.map((c) => [c.title, points(c.score), c.grade ?? 'no data', c.note ?? DASH])),
      ...r.categories.flatMap((c) => [p(`${c.title}:`), table(['metric', 'value', 'score', 'how scored', 'source'], categoryRows(c))]),
    ],
  };
}

function trends(r: FlywheelReport): Section {
  const alpha = r.trends[0]?.trend.alpha;
  return {
    id: 'trends',
    title: 'Trends',
    blocks: [
      p(`Each metric per ${duration(r.window.step_seconds)} bucket (its own requests and ratings), Mann–Kendall test: improving or declining only when p < alpha${alpha === undefined ? '' : ` (${alpha})`}, else stable. S is Σ sign(later − earlier); the slope is Theil–Sen's, per bucket. The training loss is taken per logged step of the newest checkpoint.`),
      { kind: 'chart', chart: 'trends' },
      table(
        ['metric', 'trend', 'S', 'p', 'alpha', 'slope per bucket', 'buckets with data'],
        r.trends.map((t) => [t.label, t.trend.direction, num(t.trend.statistic), num(t.trend.p_value, 4), num(t.trend.alpha), t.trend.slope_per_bucket === null ? DASH : `${num(t.trend.slope_per_bucket, 4)} ${t.unit}`, String(t.trend.points)]),
      ),
    ],
  };
}

function regressions(r: FlywheelReport): Section {
  const g = r.regression;
  return {
    id: 'regressions',
    title: 'Regressions',
    blocks: g
      ? [
          p(g.regression_detected ? `Regression detected (${g.alert_level ?? 'unknown level'}).` : 'No regression detected.'),
          table(
            ['checkpoint', 'baseline', 'current loss', 'baseline loss', 'increase', 'alert', 'automated testing regression'],
            [[g.checkpoint ?? DASH, g.baseline_checkpoint ?? DASH, num(g.current_loss), num(g.baseline_loss), g.increase_percent === null ? DASH : `${num(g.increase_percent, 1)} %`, g.alert_level ?? DASH, yesNo(g.testing_regression_detected)]],
          ),
          ...(g.reason ? [p(g.reason)] : []),
        ]
      : [p('Not measured: regression_monitoring.json and automated_testing.json are not available.')],
  };
}

function deployments(r: FlywheelReport): Section {
  const d = r.deployments;
  return {
    id: 'deployments',
    title: 'Deployments and rollbacks',
    blocks: [
      p(`${d.entries.length} deployment${d.entries.length === 1 ? '' : 's'} in the window, ${d.failures} failed, ${d.rollbacks} rolled back. Serving now: ${d.serving ?? 'unknown'}.`),
      ...(d.entries.length
        ? [table(['at', 'checkpoint', 'success', 'rolled back', 'serving after', 'score', 'reason'], d.entries.map((e) => [when(e.deployed_at), e.checkpoint ?? DASH, yesNo(e.success), yesNo(e.rolled_back), e.serving ?? DASH, num(e.score), e.reason ?? DASH]))]
        : []),
    ],
  };
}

function failures(r: FlywheelReport): Section {
  const f = r.failure_patterns;
  return {
    id: 'failure-patterns',
    title: 'Top failure patterns (adversarial miner)',
    blocks: f
      ? [
          p(`${f.failures_found} failures in ${f.examples_tested} examples tested${f.checkpoint ? ` on ${f.checkpoint}` : ''}.`),
          ...(f.top.length ? [table(['pattern (skill/difficulty)', 'failures'], f.top.map((x) => [x.pattern, String(x.failures)]))] : [p('No failure pattern.')]),
        ]
      : [p('Not measured: adversarial_mining.json is not available.')],
  };
}

function safetyCost(r: FlywheelReport): Section {
  const s = r.safety;
  const c = r.cost;
  const rate = (x: { rate: number | null; flagged: number; scored: number; scorer: string | null }) => `${pct(x.rate)} (${x.flagged} of ${x.scored}${x.scorer ? `, ${x.scorer}` : ''})`;
  const source =
    r.safety_cost_source === 'traffic'
      ? p("The window's own responses: PII found in answers, toxicity and refusals by the scorers named, tokens and cost from the price table; GPU utilisation from the live monitor.")
      : r.safety_cost_source === 'llm_health'
        ? p("No traffic in the window: the live monitor's figures of its last window (llm_health.json).")
        : null;
  return {
    id: 'safety-cost',
    title: 'Safety and cost',
    blocks: [
      ...(source ? [source] : []),
      ...(s
        ? [
            table(
              ['responses scanned', 'with PII', 'PII by kind', 'toxicity', 'refusals', 'redacted in logs and exports'],
              [[String(s.responses_scanned), `${s.pii.responses_with_pii} (${pct(s.pii.rate)})`, Object.entries(s.pii.by_kind).map(([k, n]) => `${k} ${n}`).join(', ') || DASH, rate(s.toxicity), rate(s.refusal), yesNo(s.pii.redacted_in_logs_and_exports)]],
            ),
          ]
        : [p('Safety: not measured (no traffic in the window and no safety figures in llm_health.json).')]),
      ...(r.judge_safety?.length
        ? [p('Judged by the independent judge (not in any grading category):'), table(['metric', 'value', 'score', 'how scored', 'judged answers'], r.judge_safety.map((m) => [m.label, withUnit(m.value, m.unit), m.score === null ? DASH : num(m.score), m.basis, String(m.samples ?? 0)]))]
        : []),
      ...(c
        ? [
            table(
              ['requests', 'prompt tokens', 'completion tokens', `total cost (${c.currency})`, 'cost per query', 'GPU utilisation'],
              [[String(c.requests), String(c.prompt_tokens), String(c.completion_tokens), num(c.total_cost, 4), num(c.cost_per_query, 6), c.gpu_utilization_percent === null ? DASH : `${num(c.gpu_utilization_percent, 1)} %`]],
            ),
          ]
        : [p('Cost: not measured (no traffic in the window and no cost figures in llm_health.json).')]),
    ],
  };
}

function recommendations(r: FlywheelReport): Section {
  const cur = r.recommendations.current;
  return {
    id: 'recommendations',
    title: 'Fine-tune recommendations',
    blocks: [
      ...(r.recommendations.replayed.length
        ? [
            table(
              ['from', 'to', 'level', 'action', 'method', 'driver', 'confidence', 'urgency', 'improvement areas', 'weak skills'],
              r.recommendations.replayed.map((x) => [when(x.from), when(x.to), x.level, x.action, x.method ?? DASH, x.driver ?? DASH, num(x.confidence), num(x.urgency), x.improvement_areas.join(', ') || DASH, x.weak_skills.join(', ') || DASH]),
            ),
          ]
        : [p('The replayed passes asked for nothing (no level past HEALTHY).')]),
      p(cur ? `Live monitor (llm_health.json, window ending ${when(r.recommendations.current_at)}): ${cur.action}, confidence ${num(cur.confidence)}, urgency ${num(cur.urgency)}${cur.method ? `, method ${cur.method}` : ''}. ${cur.reason}` : 'Live monitor: llm_health.json is not available.'),
    ],
  };
}

function sources(r: FlywheelReport): Section {
  return {
    id: 'sources',
    title: 'Sources',
    blocks: [table(['source', 'state', 'last update', 'problem'], r.sources.map((s) => [s.name, s.state, when(s.last_update), s.error ?? DASH]))],
  };
}
