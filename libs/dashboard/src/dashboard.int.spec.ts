// The dashboard in Debian's Chromium against a real API: real status files written through the
// status store (as daemons write them), real checkpoints and evaluator records, a private
// Redis carrying the live updates.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createApiApp, startApiServer, type ApiApp, type RunningApiServer } from '@flywheel/api-server';
import { LlmHealthStatus, redisNamespace, STATUS_FILES, type StatusBody, type StatusId } from '@flywheel/contracts';
import { HeartbeatPublisher } from '@flywheel/daemon-runtime';
import { createEvalCache, evaluationKey, loadExampleSet } from '@flywheel/evaluation';
import { ratingsFile, readRatings } from '@flywheel/feedback';
import { createPerformanceTracker, performanceFilePath, writeTrackerSnapshot } from '@flywheel/gateway';
import { createStatusStore, type StatusStore } from '@flywheel/status-store';
import { redisPerFile, tempDir, waitFor } from '@flywheel/testing';
import { chmod, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pino } from 'pino';
import { chromium, type Browser, type Page } from 'playwright-core';
import {
  ACCURACY_300,
  BODIES,
  EXAMPLES,
  HOSTILE_PROMPT,
  LIVE_CHANGE,
  OUTPUTS_300,
  evaluationOf,
  writeCheckpoint,
} from './dashboard-data.fixture.js';
import { dashboardDir } from './index.js';
import { whenStill } from './page-waits.fixture.js';
import { watchPolicyViolations } from './policy-violations.fixture.js';
import { HEALTH_CRITICAL, HEALTH_TOO_LITTLE, HEALTH_WARNING } from './production-health.fixture.js';

const RUN = 'dashboard';
const TOKEN = 'a-dashboard-test-token';
const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
const SCREENSHOT = path.join(REPO_ROOT, 'tmp', 'test-artifacts', 'dashboard.png');
const WAIT = { timeout: 20_000 };
/** A value the page printed without formatting it (a DOM append() writes null as "null"). */
const NOT_A_VALUE = /\b(null|undefined|NaN)\b/;
const logger = pino({ level: 'silent' });
let base: Awaited<ReturnType<typeof tempDir>>;
let statusStore: StatusStore;
let app: ApiApp;
let server: RunningApiServer;
let browser: Browser;
let heartbeat: HeartbeatPublisher;
let firstPage: Page;

// Declared before redisPerFile: afterAll hooks run in declaration order, and these need Redis
// still up (the heartbeat is deleted, the API's subscription closed).
afterAll(async () => {
  await heartbeat?.stop();
  await browser?.close();
  await app?.closeResources();
  await server?.close();
  await base?.remove();
});
// The options apps/api uses: fail fast rather than queue while Redis is away.
const redis = redisPerFile({ maxRetriesPerRequest: 1, enableOfflineQueue: false });

const paths = () => ({
  statusDir: path.join(base.dir, 'status'),
  checkpointsDir: path.join(base.dir, 'current_model'),
  dataDir: path.join(base.dir, 'data'),
  queueDir: path.join(base.dir, 'queue'),
});

beforeAll(async () => {
  base = await tempDir('dashboard');
  const { statusDir, checkpointsDir, dataDir, queueDir } = paths();
  statusStore = createStatusStore({ statusDir, run: RUN, redis: redis.client, logger });
  app = createApiApp({
    statusStore,
    redis: redis.client,
    run: RUN,
    staleFactor: 2,
    staleAfterSeconds: 1800,
    logger,
    checkpointsDir,
    dataDir,
    queueDir,
    token: TOKEN,
    staticDir: dashboardDir(),
    // No GPU here, and none pretended: /api/gpu must say why.
    nvidiaSmi: path.join(base.dir, 'no-nvidia-smi'),
  });
  server = await startApiServer(app, { port: 0 });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
});

const panel = (page: Page, name: string) => page.locator(`[data-panel="${name}"]`);
const waitForPanel = (page: Page, name: string, state: 'ok' | 'empty') =>
  page.locator(`[data-panel="${name}"][data-state="${state}"]`).waitFor(WAIT);
const text = async (page: Page, selector: string) => (await page.locator(selector).first().textContent())?.trim();

async function openDashboard(): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  const problems: string[] = [];
  await watchPolicyViolations(page, problems);
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().includes('404') && !message.text().startsWith('Refused to')) problems.push(message.text());
  });
  (page as Page & { problems: string[] }).problems = problems;
  await page.goto(server.url);
  await page.locator('#connection[data-state="live"]').waitFor(WAIT);
  return page;
}

/** What the daemons and the trainer leave behind, written the way they write it. */
async function writeTrainingRun(): Promise<void> {
  const { statusDir, checkpointsDir, dataDir } = paths();
  for (const step of [100, 200, 300]) await writeCheckpoint(checkpointsDir, step);
  const setDir = path.join(dataDir, 'validation');
  await mkdir(setDir, { recursive: true });
  await writeFile(path.join(setDir, 'set.jsonl'), EXAMPLES.map((e) => JSON.stringify(e)).join('\n') + '\n');
  const set = await loadExampleSet(setDir, 'validation');
  const cache = createEvalCache({ run: RUN, redis: null, dir: path.join(statusDir, 'evals') });
  for (const step of [100, 200, 300]) {
    const result = evaluationOf(step, set.id);
    await cache.putResult(evaluationKey(result.checkpointId, set.id, result.params), result);
  }
  heartbeat = new HeartbeatPublisher(redis.client, redisNamespace(RUN), { daemon: 'model-comparison', run: RUN, intervalSeconds: 60 }, 5, logger);
  heartbeat.start();
  // Status files last: their events are what tells the page to look again.
  for (const [id, body] of Object.entries(BODIES)) await statusStore.write(id as StatusId, body as StatusBody<StatusId>);
}

/** Every panel shows the figures of the run above (worked out by hand in the fixture). */
async function expectPanelsShowTheRun(page: Page): Promise<void> {
  for (const name of ['training', 'rankings', 'accuracy', 'timeline', 'reliability', 'previews', 'gpu', 'loop', 'freshness']) {
    await waitForPanel(page, name, 'ok');
  }
  // A page open while the files are written renders a panel as each of its sources arrives;
  // these appear once a panel has been fetched after its last source was written.
  for (const settled of [
    '[data-panel="training"] [data-field="status"]', //   training_status.json
    '[data-panel="accuracy"] [data-part="testing"]', //   automated_testing.json, after the evaluations
    '[data-panel="timeline"] [data-field="deployed_checkpoint"]', // last_deployment.json, after regression
    '[data-panel="freshness"] tr[data-status="curriculum"][data-state="present"]', // the last file written
  ]) {
    await page.locator(settled).waitFor(WAIT);
  }
  // Training: the trainer's status and checkpoint-300's log history (the newest checkpoint).
  expect(await text(page, '[data-panel="training"] [data-field="step"]')).toBe('310 / 1000');
  expect(await text(page, '[data-panel="training"] [data-field="status"]')).toBe('training');
  expect(await text(page, '[data-panel="training"] [data-field="learning_rate"]')).toBe('1.55e-5');
  const row300 = await page.locator('[data-panel="training"] tr[data-step="300"] td').allTextContents();
  expect(row300).toEqual(['300', '0.8125', '0.8750', '1.60e-5']);
  expect(await page.locator('[data-panel="training"] tr[data-step]').count()).toBe(3);
  expect(await page.locator('[data-panel="training"] canvas').count()).toBeGreaterThanOrEqual(2);

  // Rankings: sorted by score whatever the file's order; the best marked.
  expect(await text(page, '[data-panel="rankings"] [data-field="best_checkpoint"]')).toBe('checkpoint-300');
  const order = await page.locator('[data-panel="rankings"] table.rankings tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-checkpoint')));
  expect(order).toEqual(['checkpoint-300', 'checkpoint-200', 'checkpoint-100']);
  expect(await page.locator('[data-panel="rankings"] tr.best').getAttribute('data-checkpoint')).toBe('checkpoint-300');

  // Accuracy by difficulty: from the evaluator's records, newest first in the table.
  const acc = await page.locator('[data-panel="accuracy"] tr[data-checkpoint="checkpoint-300"] td').allTextContents();
  expect(acc).toEqual(['checkpoint-300', '300', ACCURACY_300.overall, ACCURACY_300.easy, ACCURACY_300.medium, ACCURACY_300.hard]);
  expect(await page.locator('[data-panel="accuracy"] table.accuracy-table tbody tr').count()).toBe(3);
  expect(await page.locator('[data-panel="accuracy"] canvas').count()).toBeGreaterThanOrEqual(1);
  expect(await text(page, '[data-panel="accuracy"] [data-field="testing_verdict"]')).toBe('no accuracy regression');
  expect(await text(page, '[data-panel="accuracy"] [data-part="testing"]')).toBe('no accuracy regression automated testing: checkpoint-300 83.3% vs baseline checkpoint-200');

  // Previews: prompt, golden, output with the reasoning apart; API text never becomes markup.
  expect(await text(page, '[data-panel="previews"] [data-field="checkpoint"]')).toBe('checkpoint-300');
  const add = page.locator('[data-panel="previews"] [data-example="add-1"]');
  expect(await add.locator('pre.prompt').textContent()).toBe('What is 17 + 25?');
  expect(await add.locator('pre.golden').textContent()).toBe('42');
  expect(await add.locator('pre.output').textContent()).toBe(OUTPUTS_300['add-1']);
  expect(await add.locator('pre.output .think').textContent()).toBe('7 + 5 = 12, carry the 1; 1 + 2 + 1 = 4');
  expect(await add.locator('pre.output .think-tag').allTextContents()).toEqual(['<think>', '</think>']);
  const hostile = page.locator('[data-panel="previews"] [data-example="mul-1"] pre.prompt');
  expect(await hostile.textContent()).toBe(HOSTILE_PROMPT);
  expect(await page.locator('[data-panel="previews"] img').count()).toBe(0);
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();

  // GPU: this machine has none; the panel says so, with the API's reason.
  const gpu = (await (await fetch(`${server.url}/api/gpu`)).json()) as { available: boolean; reason: string };
  expect(gpu.available).toBe(false);
  expect(await text(page, '[data-panel="gpu"] [data-field="available"]')).toBe('unavailable');
  expect(await text(page, '[data-panel="gpu"] [data-field="reason"]')).toBe(gpu.reason);

  // Reliability: a bar for each bin with examples (two of five), ECE as written.
  expect(await text(page, '[data-panel="reliability"] [data-field="ece"]')).toBe('0.150');
  const bins = await page.locator('[data-panel="reliability"] rect.bin').evaluateAll((rects) => rects.map((r) => [r.getAttribute('data-range'), r.getAttribute('data-accuracy')]));
  expect(bins).toEqual([['0.4-0.6', '0'], ['0.8-1.0', '1']]);

  // Timeline: the regression window and the deployment on one line of checkpoints.
  expect(await panel(page, 'timeline').locator('[data-field="alert_level"]').getAttribute('data-level')).toBe('none');
  expect(await text(page, '[data-panel="timeline"] [data-field="deployed_checkpoint"]')).toBe('checkpoint-300');
  expect(await text(page, '[data-panel="timeline"] [data-field="outcome"]')).toBe('deployed');
  const strip = await page.locator('[data-panel="timeline"] ol.timeline li').evaluateAll((items) => items.map((li) => li.getAttribute('data-checkpoint')));
  expect(strip).toEqual(['checkpoint-100', 'checkpoint-200', 'checkpoint-300']);
  const marks = (checkpoint: string) => page.locator(`[data-panel="timeline"] li[data-checkpoint="${checkpoint}"] .marks .badge`).allTextContents();
  expect(await marks('checkpoint-200')).toEqual(['baseline']);
  expect(await marks('checkpoint-300')).toEqual(['judged: ok', 'deployed']);

  // Data loop: what was written, and "no data yet" for what was not.
  expect(await text(page, '[data-panel="loop"] [data-part="curriculum"] dd')).toBe('progressive');
  expect(await text(page, '[data-panel="loop"] [data-part="checkpoint_sync"] .empty strong')).toBe('no data yet');

  // Freshness: states from /api/status, the heartbeat of the one daemon running.
  expect(await panel(page, 'freshness').locator('tr[data-state="present"]').count()).toBe(Object.keys(BODIES).length);
  expect(await panel(page, 'freshness').locator('tr[data-status="checkpoint_sync"]').getAttribute('data-state')).toBe('missing');
  const comparison = panel(page, 'freshness').locator('tr[data-daemon="model-comparison"]');
  expect(await comparison.getAttribute('data-alive')).toBe('true');
  expect(await comparison.locator('td').nth(1).textContent()).toBe('idle');
  expect(await panel(page, 'freshness').locator('tr[data-daemon="regression-monitor"]').getAttribute('data-alive')).toBe('false');
  expect(await text(page, '#run-name')).toBe(RUN);
}

describe('the live dashboard in Chromium', () => {
  it('shows "no data yet" in each panel whose source has not been written', async () => {
    firstPage = await openDashboard();
    for (const name of ['training', 'rankings', 'accuracy', 'timeline', 'reliability', 'previews', 'loop', 'health', 'gateway']) {
      await waitForPanel(firstPage, name, 'empty');
      expect(await text(firstPage, `[data-panel="${name}"] .empty strong`)).toBe('no data yet');
    }
    expect(await text(firstPage, '[data-panel="rankings"] .empty .why')).toBe('model_comparisons.json has not been written yet');
    // Sources that always answer: the overview lists every file as missing.
    await waitForPanel(firstPage, 'freshness', 'ok');
    expect(await text(firstPage, '[data-panel="health"] .empty .why')).toBe('llm_health.json has not been written yet');
    expect(await firstPage.locator('main').textContent()).not.toMatch(NOT_A_VALUE);
    expect(await panel(firstPage, 'freshness').locator('tr[data-state="missing"]').count()).toBe(Object.keys(STATUS_FILES).length);
  });

  it('fills every panel as the daemons write, without a reload', async () => {
    await firstPage.evaluate(() => ((window as unknown as { __marker: string }).__marker = 'first load'));
    await writeTrainingRun();
    await expectPanelsShowTheRun(firstPage);
    expect(await firstPage.evaluate(() => (window as unknown as { __marker?: string }).__marker)).toBe('first load');
    // The difficulty filter asks the API again: the hard examples, one never closing its think block.
    await firstPage.selectOption('#preview-difficulty', 'hard');
    await firstPage.waitForFunction(() => document.querySelectorAll('[data-panel="previews"] [data-example]').length === 2, null, WAIT);
    const hard = await firstPage.locator('[data-panel="previews"] [data-example]').evaluateAll((cards) => cards.map((c) => c.getAttribute('data-example')));
    expect(hard).toEqual(['mul-1', 'mul-2']);
    const unclosed = firstPage.locator('[data-panel="previews"] [data-example="mul-2"]');
    expect(await unclosed.locator('.badge.warn').textContent()).toBe(`think not closed (${OUTPUTS_300['mul-2']!.length - '<think>'.length} chars): no answer`);
    expect(await unclosed.locator('.think-tag').allTextContents()).toEqual(['<think>']);
    expect((firstPage as Page & { problems: string[] }).problems).toEqual([]);
    await firstPage.close();
  });

  it('runs under its Content-Security-Policy without a violation, and an injected inline script is refused and reported', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    await watchPolicyViolations(page, problems);
    const answer = await page.goto(server.url);
    expect(answer!.headers()['content-security-policy']).toContain("script-src 'self'; style-src 'self'");
    expect(answer!.headers()['x-frame-options']).toBe('DENY');
    await page.locator('#connection[data-state="live"]').waitFor(WAIT);
    await page.locator('[data-panel="training"][data-state]').waitFor(WAIT);
    expect(problems).toEqual([]);
    // What an injected <script> would do, were the policy not there: it must neither run nor go unnoticed.
    await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.__injected = true';
      document.body.append(script);
    });
    await waitFor(async () => problems.length > 0, { what: 'the violation report' });
    expect(problems.some((p) => p.startsWith('CSP violation: script-src'))).toBe(true);
    expect(await page.evaluate(() => (window as unknown as { __injected?: boolean }).__injected)).toBeUndefined();
    await page.close();
  });

  it('renders the whole run on a fresh load, then shows a new best checkpoint and a regression live', async () => {
    const page = await openDashboard();
    await expectPanelsShowTheRun(page);
    await page.evaluate(() => ((window as unknown as { __marker: string }).__marker = 'same page'));

    await statusStore.write('model_comparison', LIVE_CHANGE.model_comparison);
    await statusStore.write('regression', LIVE_CHANGE.regression);
    await page.waitForFunction(() => document.querySelector('[data-panel="rankings"] [data-field="best_checkpoint"]')?.textContent === 'checkpoint-400', null, WAIT);
    await page.waitForFunction(() => document.querySelector('[data-panel="timeline"] [data-field="alert_level"]')?.getAttribute('data-level') === 'critical', null, WAIT);

    expect(await page.evaluate(() => (window as unknown as { __marker?: string }).__marker)).toBe('same page');
    expect(await text(page, '[data-panel="timeline"] [data-field="alert_level"]')).toBe('critical regression');
    expect(await text(page, '[data-panel="timeline"] [data-field="reason"]')).toBe(LIVE_CHANGE.regression.evidence.reason);
    expect(await page.locator('[data-panel="timeline"] li[data-checkpoint="checkpoint-400"]').getAttribute('class')).toBe('bad');
    expect(await page.locator('[data-panel="rankings"] table.rankings tbody tr').first().getAttribute('data-checkpoint')).toBe('checkpoint-400');
    expect(await text(page, '#last-event')).toMatch(/^last update: regression at /);
    expect((page as Page & { problems: string[] }).problems).toEqual([]);

    // A canary on trial appears under the deployment, with its newest look.
    const reason = '160 pairs: canary 0.7000 vs champion 0.7100, difference -0.0100 (bounds -0.0900 … +0.0700); neither bound crossed: continue.';
    await statusStore.write('canary', {
      state: 'running', canary: 'checkpoint-400', champion: 'checkpoint-300', canary_model: 'checkpoint-400', champion_model: 'checkpoint-300', share: 0.1,
      started_at: '2026-01-01T00:00:00.000Z', decided_at: null, pairs: 160, looks: 1, history: [],
      last_verdict: { look: 1, at: '2026-01-01T01:00:00.000Z', pairs: 160, canary_quality: 0.7, champion_quality: 0.71, difference: -0.01, lower_bound: -0.09, upper_bound: 0.07, alpha: 0.003125, verdict: 'continue', reason },
    });
    await page.waitForFunction(() => document.querySelector('[data-panel="timeline"] [data-field="canary_state"]')?.getAttribute('data-state') === 'running', null, WAIT);
    expect(await text(page, '[data-panel="timeline"] [data-field="canary_state"]')).toBe('canary on trial');
    expect(await text(page, '[data-panel="timeline"] [data-field="canary_checkpoint"]')).toBe('checkpoint-400');
    expect(await text(page, '[data-panel="timeline"] [data-field="canary_reason"]')).toBe(`look 1: ${reason}`);
    expect(await page.locator('[data-panel="timeline"] [data-field="canary"] dd').first().textContent()).toBe('10.0%');
    // Its start, as checkpoint-auto-deploy records it, is not shown as a deployment to all traffic.
    await statusStore.write('deployment', { ...BODIES.deployment!, checkpoint: 'checkpoint-400', event: 'canary-start' });
    await page.waitForFunction(() => document.querySelector('[data-panel="timeline"] [data-field="outcome"]')?.textContent === 'canary started', null, WAIT);
    await statusStore.write('deployment', BODIES.deployment!);
    await page.waitForFunction(() => document.querySelector('[data-panel="timeline"] [data-field="outcome"]')?.textContent === 'deployed', null, WAIT);

    await mkdir(path.dirname(SCREENSHOT), { recursive: true });
    // Let the highlight of the updated panels fade before the picture.
    await whenStill(page);
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    await page.close();
  });
});

describe('rating an inference preview', () => {
  it('asks for the token, then stores a bad rating with its correction and queues the correction for training', async () => {
    // The run of the tests above, written here when this test runs alone.
    if (!heartbeat) await writeTrainingRun();
    const page = await openDashboard();
    await waitForPanel(page, 'previews', 'ok');
    await page.selectOption('#preview-count', '10');
    await page.waitForFunction(() => document.querySelectorAll('[data-panel="previews"] [data-example]').length === 6, null, WAIT);
    expect(await text(page, '[data-panel="previews"] [data-field="feedback_stats"]')).toBe('ratings: 0 (0 good, 0 bad, 0 with a correction)');
    const card = page.locator('[data-panel="previews"] [data-example="mul-2"]');
    const result = card.locator('[data-field="rate_result"]');

    // No token yet: the card says one is needed, and nothing is sent.
    await card.locator('textarea.correction').fill('492');
    await card.locator('button.rate-bad').click();
    expect(await result.getAttribute('data-state')).toBe('needs-token');
    expect(await result.textContent()).toBe('a token is needed to rate: enter the API token above');

    // A wrong token: the API refuses it, the page forgets it and asks again.
    await page.locator('[data-panel="previews"] input[name="api-token"]').fill('not-the-token-at-all');
    await page.locator('[data-panel="previews"] form.token-control button[type="submit"]').click();
    await card.locator('button.rate-bad').click();
    await page.locator('[data-panel="previews"] [data-example="mul-2"] [data-field="rate_result"][data-state="error"]').waitFor(WAIT);
    expect(await result.textContent()).toBe('the API refused the token (invalid token): enter it again');
    expect(await page.evaluate(() => sessionStorage.getItem('flywheel.apiToken'))).toBeNull();

    await page.locator('[data-panel="previews"] input[name="api-token"]').fill(TOKEN);
    await page.locator('[data-panel="previews"] form.token-control button[type="submit"]').click();
    expect(await page.evaluate(() => sessionStorage.getItem('flywheel.apiToken'))).toBe(TOKEN);
    // The correction typed before is still in the box.
    expect(await card.locator('textarea.correction').inputValue()).toBe('492');
    await card.locator('button.rate-bad').click();
    await page.locator('[data-panel="previews"] [data-example="mul-2"] [data-field="rate_result"][data-state="ok"]').waitFor(WAIT);
    // mul-2 is a validation example, held out from training: the rating is stored, the
    // correction is kept out of queue/ (issue 16) and the card says why.
    const refusal = /^shares ".+" with held-out example mul-2 \(13-gram check\)$/;
    const said = (await result.textContent()) ?? '';
    expect(said.startsWith('rated bad; correction not queued for training: ')).toBe(true);
    expect(said.slice('rated bad; correction not queued for training: '.length)).toMatch(refusal);
    await page.waitForFunction(() => document.querySelector('[data-panel="previews"] [data-field="feedback_stats"]')?.textContent === 'ratings: 1 (0 good, 1 bad, 1 with a correction)', null, WAIT);

    // The stats route counts it: checkpoint-300's answer to mul-2, an arithmetic example.
    const stats = (await (await fetch(`${server.url}/api/monitor/training/stats`)).json()) as Record<string, unknown>;
    expect([stats['total'], stats['bad'], stats['with_correction'], stats['errors']]).toEqual([1, 1, 1, []]);
    expect(stats['by_model']).toEqual({ 'checkpoint-300': { total: 1, good: 0, bad: 1, with_correction: 1, mean_score: null } });
    expect(stats['by_skill']).toEqual({ arithmetic: { total: 1, good: 0, bad: 1, with_correction: 1, mean_score: null } });

    // Nothing in queue/corrections; the refused line is in queue/rejected with its reason.
    expect(await readdir(path.join(paths().queueDir, 'corrections')).catch(() => [])).toEqual([]);
    const rejectedDir = path.join(paths().queueDir, 'rejected');
    const rejected = await readdir(rejectedDir);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toMatch(/^corrections_\d{8}\.jsonl\.rejected\.jsonl$/);
    const kept = (await readFile(path.join(rejectedDir, rejected[0]!), 'utf8')).trimEnd().split('\n').map((l) => JSON.parse(l) as { kind: string; reason: string; text: string });
    expect(kept.map((k) => k.kind)).toEqual(['contaminated']);
    expect(kept[0]!.reason).toMatch(refusal);
    expect(JSON.parse(kept[0]!.text)).toEqual({
      messages: [{ role: 'user', content: 'What is 123 * 4?' }, { role: 'assistant', content: '492' }],
      difficulty: 'hard',
      skill: 'arithmetic',
      source: 'feedback',
      request_id: 'preview:checkpoint-300:mul-2',
      model_failed: 'checkpoint-300',
      original_completion: OUTPUTS_300['mul-2'],
    });
    await mkdir(path.dirname(SCREENSHOT), { recursive: true });
    await card.screenshot({ path: path.join(path.dirname(SCREENSHOT), 'dashboard-preview-rated.png') });
    // The only console errors are the refused request's 401.
    expect((page as Page & { problems: string[] }).problems.filter((p) => !p.includes('401'))).toEqual([]);
    await page.close();
  });

  it("asks for seed 003's five dimensions, each optional, and sends only those chosen with the rating", async () => {
    if (!heartbeat) await writeTrainingRun();
    const page = await openDashboard();
    await waitForPanel(page, 'previews', 'ok');
    await page.selectOption('#preview-count', '10');
    await page.waitForFunction(() => document.querySelectorAll('[data-panel="previews"] [data-example]').length === 6, null, WAIT);
    const card = page.locator('[data-panel="previews"] [data-example="add-2"]');
    const selects = card.locator('.rate-dimensions select');
    expect(await selects.evaluateAll((all) => all.map((s) => [(s as HTMLSelectElement).name, (s as HTMLSelectElement).value]))).toEqual([
      ['relevance', ''], ['accuracy', ''], ['helpfulness', ''], ['creativity', ''], ['overall', ''],
    ]);
    expect(await card.locator('select[name="creativity"] option').allTextContents()).toEqual(['—', '1', '2', '3', '4', '5']);
    await page.locator('[data-panel="previews"] input[name="api-token"]').fill(TOKEN);
    await page.locator('[data-panel="previews"] form.token-control button[type="submit"]').click();
    await card.locator('select[name="relevance"]').selectOption('5');
    await card.locator('select[name="creativity"]').selectOption('2');
    // Chosen, then taken back: not sent.
    await card.locator('select[name="overall"]').selectOption('3');
    await card.locator('select[name="overall"]').selectOption('');
    await card.locator('button.rate-good').click();
    const result = page.locator('[data-panel="previews"] [data-example="add-2"] [data-field="rate_result"][data-state="ok"]');
    await result.waitFor(WAIT);
    expect(await result.textContent()).toBe('rated good (relevance 5, creativity 2)');

    const { records } = await readRatings(ratingsFile(paths().statusDir));
    const mine = records.filter((r) => r.request_id === 'preview:checkpoint-300:add-2');
    expect(mine.map((r) => [r.rating, r.dimensions, r.correction])).toEqual([['good', { relevance: 5, creativity: 2 }, undefined]]);
    expect((page as Page & { problems: string[] }).problems).toEqual([]);
    await page.close();
  });
});

describe('the production side: model health and the gateway', () => {
  it('shows production-monitor\'s level, score, breaches and recommendation, and a new level live', async () => {
    const page = await openDashboard();
    await waitForPanel(page, 'health', 'empty');
    await page.evaluate(() => ((window as unknown as { __marker: string }).__marker = 'same page'));
    const health = panel(page, 'health');
    const level = health.locator('[data-field="level"]');

    // Too few requests for any metric: no level yet, said in words.
    await statusStore.write('llm_health', HEALTH_TOO_LITTLE);
    await page.locator('[data-panel="health"] [data-field="level"][data-level="none"]').waitFor(WAIT);
    expect(await level.textContent()).toBe('not enough data');
    expect(await text(page, '[data-panel="health"] [data-field="grade"]')).toBe('—');
    expect(await text(page, '[data-panel="health"] [data-field="no_breach"]')).toBe('no threshold crossed');
    expect(await health.textContent()).not.toMatch(NOT_A_VALUE);

    // WARNING (figures worked out in the fixture): as the monitor writes it, valid by the contract.
    await statusStore.write('llm_health', HEALTH_WARNING);
    const written = LlmHealthStatus.parse(JSON.parse(await readFile(path.join(paths().statusDir, STATUS_FILES.llm_health.file), 'utf8')));
    expect([written.level, written.health_score, written.grade]).toEqual(['WARNING', 0.65, 'D']);
    await page.locator('[data-panel="health"] [data-field="level"][data-level="WARNING"]').waitFor(WAIT);
    expect(await level.textContent()).toBe('WARNING');
    expect(await level.getAttribute('class')).toBe('badge level level-warning');
    expect(await text(page, '[data-panel="health"] [data-field="health_score"]')).toBe('0.65');
    expect(await text(page, '[data-panel="health"] [data-field="grade"]')).toBe('D');
    expect(await text(page, '[data-panel="health"] [data-field="window_requests"]')).toBe('45');
    expect(await text(page, '[data-panel="health"] [data-field="window_ratings"]')).toBe('25');
    expect(await text(page, '[data-panel="health"] [data-field="response_time"]')).toBe('820 / 6,000 / 7,400 ms');
    expect(await text(page, '[data-panel="health"] [data-field="user_rating"]')).toBe('3.60');
    expect(await text(page, '[data-panel="health"] [data-field="correction_frequency"]')).toBe('12.0%');
    expect(await text(page, '[data-panel="health"] [data-field="host_memory"]')).toBe('6.0 / 16.0 GiB (37.5%)');
    expect(await text(page, '[data-panel="health"] [data-field="quality"]')).toBe('not judged');
    // Each breach: metric, value, threshold (with its direction), level, samples.
    expect(await health.locator('tr[data-breach="response_time"] td').allTextContents()).toEqual(['response time p95', '6.00 s', '> 5.00 s', 'WARNING', '45']);
    expect(await health.locator('tr[data-breach="user_rating"] td').allTextContents()).toEqual(['user rating', '3.60', '< 4.00', 'ATTENTION', '25']);
    // The recommendation: confidence 45/50, urgency 1 − 0.45, the method the seed's rule picks.
    expect(await text(page, '[data-panel="health"] [data-field="action"]')).toBe('fine-tune');
    expect(await text(page, '[data-panel="health"] [data-field="confidence"]')).toBe('0.90');
    expect(await text(page, '[data-panel="health"] [data-field="urgency"]')).toBe('0.55');
    expect(await text(page, '[data-panel="health"] [data-field="method"]')).toBe('Transformer²');
    expect(await health.locator('[data-field="weak_skills"] li').allTextContents()).toEqual(['arithmetic bad ratings 40% of 15 (above 30%)']);
    // Drift: the shifted skill mix flagged, latency not.
    expect(await health.locator('tr[data-feature="skill_mix"] td').allTextContents()).toEqual(['skill_mix', 'PSI', '0.310', '4.0e-4', 'significant', 'flagged', '45 / 180']);
    expect(await health.locator('tr[data-feature="latency_ms"]').getAttribute('data-flagged')).toBe('false');
    // The trigger fired on this pass; autoFineTune is off, so nothing ran.
    expect(await text(page, '[data-panel="health"] [data-field="triggered"]')).toBe('triggered');
    expect(await text(page, '[data-panel="health"] [data-field="auto_fine_tune"]')).toBe('off');
    expect(await text(page, '[data-panel="health"] [data-field="last_triggered"]')).toBe('2026-11-25 11:00:00Z');
    expect(await text(page, '[data-panel="health"] [data-field="cooldown_remaining"]')).toBe('60 min of 60 min');

    // CRITICAL ten minutes later: the badge changes on the same page.
    await statusStore.write('llm_health', HEALTH_CRITICAL);
    await page.locator('[data-panel="health"] [data-field="level"][data-level="CRITICAL"]').waitFor(WAIT);
    expect(await level.textContent()).toBe('CRITICAL');
    expect(await level.getAttribute('class')).toBe('badge level level-critical');
    expect(await text(page, '[data-panel="health"] [data-field="health_score"]')).toBe('0.57');
    expect(await text(page, '[data-panel="health"] [data-field="grade"]')).toBe('F');
    expect(await health.locator('tr[data-breach="response_time"] td').allTextContents()).toEqual(['response time p95', '12.00 s', '> 10.00 s', 'CRITICAL', '45']);
    expect(await text(page, '[data-panel="health"] [data-field="urgency"]')).toBe('0.80');
    expect(await text(page, '[data-panel="health"] [data-field="triggered"]')).toBe('not triggered');
    expect(await text(page, '[data-panel="health"] [data-field="cooldown_remaining"]')).toBe('50 min of 60 min');
    expect(await page.evaluate(() => (window as unknown as { __marker?: string }).__marker)).toBe('same page');
    expect(await health.textContent()).not.toMatch(NOT_A_VALUE);
    expect((page as Page & { problems: string[] }).problems).toEqual([]);

    await mkdir(path.dirname(SCREENSHOT), { recursive: true });
    await whenStill(page);
    await page.screenshot({ path: path.join(path.dirname(SCREENSHOT), 'dashboard-production.png'), fullPage: true });
    await page.close();
  });

  it('shows each gateway model\'s figures from the gateway\'s snapshot file', async () => {
    const page = await openDashboard();
    await waitForPanel(page, 'gateway', 'empty');
    expect(await text(page, '[data-panel="gateway"] .empty .why')).toMatch(/^the gateway has not written its performance file yet: .*gateway_performance\.json/);

    // The gateway's own tracker and file writer, fed attempts with figures chosen by hand, at a
    // fixed clock (whole seconds) so the blacklisting's end is known: 1 h after the 3rd failure.
    const at = Math.floor(Date.now() / 1000) * 1000;
    const tracker = createPerformanceTracker({ policy: { failures: 3, baseMs: 3_600_000 }, now: () => at });
    // checkpoint-300: one failure, then 20 answers of 250 ms, 40 tokens generated in 500 ms each.
    tracker.recordAttempt({ model: 'checkpoint-300', kind: 'chat', outcome: 'failure', latencyMs: 30_000 });
    for (let i = 0; i < 20; i++) {
      tracker.recordAttempt({ model: 'checkpoint-300', kind: 'chat', outcome: 'success', latencyMs: 250, promptTokens: 10, completionTokens: 40, generationMs: 500 });
    }
    // Two of them with seed 003's dimensions: relevance 4 and 2 (mean 3.0), creativity 5.
    const dimensions = [{ creativity: 5, relevance: 4 }, undefined, { relevance: 2 }, undefined];
    [1, 1, 0, 1].forEach((score, i) => tracker.recordFeedback({ model: 'checkpoint-300', request_id: null, score, rating: score ? 'good' : 'bad', corrected: false, dimensions: dimensions[i] }));
    // fallback: three failures in a row, so blacklisted for an hour.
    for (let i = 0; i < 3; i++) tracker.recordAttempt({ model: 'fallback', kind: 'chat', outcome: 'failure', latencyMs: 100 });
    await writeTrackerSnapshot(performanceFilePath(paths().statusDir), tracker.snapshot());
    // The snapshot has no event of its own; the health monitor's next write makes the panel look.
    await statusStore.write('llm_health', HEALTH_CRITICAL);
    await waitForPanel(page, 'gateway', 'ok');

    const gateway = panel(page, 'gateway');
    // 21 requests; success 20/21 = 95.2 %; every latency 250 ms, so each percentile is 250;
    // 20 × 40 tokens in 20 × 0.5 s = 80.0 tokens/s; feedback (1 + 1 + 0 + 1) / 4 = 0.75.
    expect(await gateway.locator('tr[data-model="checkpoint-300"] td').allTextContents()).toEqual([
      'checkpoint-300', '21', '95.2%', '250', '250', '250', '80.0', '0.75 (4)', 'relevance 3.0 (2) · creativity 5.0 (1)', '—',
    ]);
    const until = new Date(at + 3_600_000).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
    const fallback = await gateway.locator('tr[data-model="fallback"] td').allTextContents();
    expect(fallback.slice(0, 9)).toEqual(['fallback', '3', '0.0%', '—', '—', '—', '—', '—', '—']);
    expect(fallback[9]).toMatch(new RegExp(`^blacklisted ${until} \\d+ min left, 3 failures in a row$`));
    expect(await text(page, '[data-panel="gateway"] [data-field="blacklisted_count"]')).toBe('1 blacklisted');
    expect(await gateway.textContent()).not.toMatch(NOT_A_VALUE);
    expect((page as Page & { problems: string[] }).problems).toEqual([]);
    await whenStill(page);
    await page.locator('[data-panel="health"]').screenshot({ path: path.join(path.dirname(SCREENSHOT), 'dashboard-health.png') });
    await gateway.screenshot({ path: path.join(path.dirname(SCREENSHOT), 'dashboard-gateway.png') });
    await page.close();  });
});

describe('the GPU panel, and the page without live updates', () => {
  it('shows each GPU nvidia-smi reports, and says it is offline when the API has no Redis for events', async () => {
    // A real executable in nvidia-smi's place, printing what two GPUs would (one without a memory reading).
    const smi = path.join(base.dir, 'bin', 'nvidia-smi');
    await mkdir(path.dirname(smi), { recursive: true });
    await writeFile(smi, "#!/bin/sh\nprintf '0, NVIDIA GeForce RTX 3090, 1234, 24576, 42, 55\\n1, NVIDIA GeForce RTX 4090, [N/A], 24564, 97, 86\\n'\n");
    await chmod(smi, 0o755);
    const noRedis = createApiApp({ statusStore, run: RUN, staleFactor: 2, staleAfterSeconds: 1800, logger, staticDir: dashboardDir(), nvidiaSmi: smi });
    const gpuServer = await startApiServer(noRedis, { port: 0 });
    const page = await browser.newPage();
    try {
      await page.goto(gpuServer.url);
      await waitForPanel(page, 'gpu', 'ok');
      const cards = await page.locator('[data-panel="gpu"] .gpu').evaluateAll((gpus) =>
        gpus.map((g) => [g.querySelector('.gpu-name')?.textContent, ...[...g.querySelectorAll('.meter-text, .gpu-temp .badge')].map((e) => e.textContent)]),
      );
      expect(cards).toEqual([
        ['GPU 0 NVIDIA GeForce RTX 3090', '1.2 / 24.0 GiB', '42%', '55 °C'],
        ['GPU 1 NVIDIA GeForce RTX 4090', '—', '97%', '86 °C'],
      ]);
      expect(await page.locator('[data-gpu="1"] .gpu-temp .badge').getAttribute('class')).toBe('badge bad');
      // /api/events answers 503 without Redis: the page says so, and still shows what it fetched.
      await page.locator('#connection[data-state="offline"]').waitFor(WAIT);
      await waitForPanel(page, 'freshness', 'ok');
      expect(await text(page, '[data-panel="freshness"] .headline')).toContain('no redis: heartbeats unknown');
      await page.locator('[data-panel="gpu"]').screenshot({ path: path.join(path.dirname(SCREENSHOT), 'dashboard-gpu.png') });
    } finally {
      await page.close();
      await noRedis.closeResources();
      await gpuServer.close();
    }
  });
});

describe('the dashboard behind a read token (api.readToken)', () => {
  it('asks for the read token, then shows the run and goes live on the session cookie', async () => {
    const READ_TOKEN = 'a-dashboard-read-token';
    const { checkpointsDir, dataDir, queueDir } = paths();
    const guardedApp = createApiApp({
      statusStore, redis: redis.client, run: RUN, staleFactor: 2, staleAfterSeconds: 1800, logger, checkpointsDir, dataDir, queueDir,
      token: TOKEN, readToken: READ_TOKEN, staticDir: dashboardDir(), nvidiaSmi: path.join(base.dir, 'no-nvidia-smi'),
    });
    const guarded = await startApiServer(guardedApp, { port: 0, readToken: READ_TOKEN });
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    try {
      await page.goto(guarded.url);
      const form = page.locator('form.read-login');
      await form.waitFor(WAIT);
      expect(await page.locator('form.read-login').count()).toBe(1);
      await form.locator('input[name="read-token"]').fill('not-the-token');
      await form.locator('button[type="submit"]').click();
      await page.locator('form.read-login .read-login-note', { hasText: 'that token was refused' }).waitFor(WAIT);
      await form.locator('input[name="read-token"]').fill(READ_TOKEN);
      await form.locator('button[type="submit"]').click();
      // The page reloads with the cookie: the event stream connects and the panels fill.
      await page.locator('#connection[data-state="live"]').waitFor(WAIT);
      await waitForPanel(page, 'freshness', 'ok');
      expect(await page.locator('form.read-login').count()).toBe(0);
      const cookies = await page.context().cookies();
      expect(cookies.map((c) => [c.name, c.httpOnly, c.sameSite])).toEqual([['flywheel_read', true, 'Strict']]);
      expect(cookies[0]!.value).not.toContain(READ_TOKEN);
    } finally {
      await page.close();
      await guardedApp.closeResources();
      await guarded.close();
    }
  });
});
