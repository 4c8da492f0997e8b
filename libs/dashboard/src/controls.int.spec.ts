// The dashboard's controls in Debian's Chromium against a real API (its fine-tune routes, a
// private Redis, status files written through the status store): the auto fine-tune switch
// and "fine-tune now" with and without the token, trend arrows, the safety & cost card, the
// alerts panel and the live analysis (against stand-in alert routes: alerts-routes.fixture),
// the report link, and the "not available" states of an API without those sources.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createApiApp, DEFAULT_PLUGINS, startApiServer, type ApiApp, type ApiPlugin, type RunningApiServer } from '@flywheel/api-server';
import { redisNamespace } from '@flywheel/contracts';
import { readFineTuneControl, takeManualFineTuneRequests } from '@flywheel/fine-tune-control';
import { createStatusStore, type StatusStore } from '@flywheel/status-store';
import { redisPerFile, tempDir } from '@flywheel/testing';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { pino } from 'pino';
import { chromium, type Browser, type Page } from 'playwright-core';
import { alertRoutesStandIn, type AlertRoutesStandIn } from './alerts-routes.fixture.js';
import { HEALTH_FULL, HEALTH_PLAIN, healthAfterManualRun } from './controls-health.fixture.js';
import { dashboardDir } from './index.js';

const RUN = 'controls';
const TOKEN = 'a-controls-test-token';
const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
const ARTIFACTS = path.join(REPO_ROOT, 'tmp', 'test-artifacts');
const WAIT = { timeout: 20_000 };
const NOT_A_VALUE = /(null|undefined|NaN)/;
const logger = pino({ level: 'silent' });
/** The page's time format (format.js `time`). */
const shown = (iso: string) => iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z');

let base: Awaited<ReturnType<typeof tempDir>>;
let statusStore: StatusStore;
let app: ApiApp;
let server: RunningApiServer;
let browser: Browser;
let alerts: AlertRoutesStandIn;

afterAll(async () => {
  alerts?.drop();
  await browser?.close();
  await app?.closeResources();
  await server?.close();
  await base?.remove();
});
const redis = redisPerFile({ maxRetriesPerRequest: 1, enableOfflineQueue: false });

const isAlertRoute = (p: ApiPlugin) => p.route.startsWith('/api/alerts');

beforeAll(async () => {
  base = await tempDir('dashboard-controls');
  statusStore = createStatusStore({ statusDir: path.join(base.dir, 'status'), run: RUN, redis: redis.client, logger });
  alerts = alertRoutesStandIn();
  app = createApiApp({
    statusStore,
    redis: redis.client,
    run: RUN,
    staleFactor: 2,
    staleAfterSeconds: 1800,
    logger,
    token: TOKEN,
    staticDir: dashboardDir(),
    nvidiaSmi: path.join(base.dir, 'no-nvidia-smi'),
    // The real routes, with the alert analyst's swapped for the stand-ins (analysis ratings go to the stand-in too).
    plugins: [...DEFAULT_PLUGINS.filter((p) => !isAlertRoute(p) && p.name !== 'feedback-rate'), ...alerts.plugins],
  });
  server = await startApiServer(app, { port: 0 });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  await mkdir(ARTIFACTS, { recursive: true });
});

type WatchedPage = Page & { problems: string[] };

async function openDashboard(url = server.url): Promise<WatchedPage> {
  const page = (await browser.newPage({ viewport: { width: 1440, height: 1000 } })) as WatchedPage;
  page.problems = [];
  page.on('pageerror', (error) => page.problems.push(error.message));
  page.on('console', (message) => {
    // A refused request (401) or a route not served (404) is logged by the browser; the page says so itself.
    if (message.type() === 'error' && !/\b(401|404)\b/.test(message.text())) page.problems.push(message.text());
  });
  await page.goto(url);
  await page.locator('#connection[data-state="live"]').waitFor(WAIT);
  return page;
}

const text = async (page: Page, selector: string) => (await page.locator(selector).first().textContent())?.trim();
const waitForPanel = (page: Page, name: string, state: 'ok' | 'empty') => page.locator(`[data-panel="${name}"][data-state="${state}"]`).waitFor(WAIT);

async function useToken(page: Page, panel: string, token: string): Promise<void> {
  await page.locator(`[data-panel="${panel}"] input[name="api-token"]`).fill(token);
  await page.locator(`[data-panel="${panel}"] form.token-control button[type="submit"]`).click();
}

describe('an API without the alert routes, and a monitor without safety figures', () => {
  it('says "not available" in the alerts, analysis and safety parts, and the rest of the page works', async () => {
    const bare = createApiApp({
      statusStore, redis: redis.client, run: RUN, staleFactor: 2, staleAfterSeconds: 1800, logger, token: TOKEN, staticDir: dashboardDir(),
      nvidiaSmi: path.join(base.dir, 'no-nvidia-smi'), plugins: DEFAULT_PLUGINS.filter((p) => !isAlertRoute(p)),
    });
    const bareServer = await startApiServer(bare, { port: 0 });
    const page = await openDashboard(bareServer.url);
    try {
      await waitForPanel(page, 'alerts', 'empty');
      expect(await text(page, '[data-panel="alerts"] [data-field="alerts_unavailable"] strong')).toBe('not available');
      expect(await text(page, '[data-panel="alerts"] [data-field="alerts_unavailable"] .why')).toMatch(/^this API serves no alerts \(.*\): the alert analyst's routes are not installed or not running$/);
      await waitForPanel(page, 'analysis', 'empty');
      expect(await text(page, '[data-panel="analysis"] [data-field="analysis_unavailable"] .why')).toMatch(/^\/api\/alerts\/analysis\/stream answered 404: not found: the alert analyst's live stream is not served here/);
      // No llm_health.json yet: the safety card says so like every other panel.
      await waitForPanel(page, 'safety', 'empty');
      expect(await text(page, '[data-panel="safety"] .empty .why')).toBe('llm_health.json has not been written yet');
      // The fine-tune panel answers from Redis alone: nothing set, nothing reported.
      await waitForPanel(page, 'fine-tune', 'ok');
      expect(await text(page, '[data-panel="fine-tune"] [data-field="auto_switch"]')).toBe('unknown');
      expect(await text(page, '[data-panel="fine-tune"] [data-field="control_set"]')).toBe('never set here; the monitor has not reported its configured value yet');

      // A monitor that writes no safety or cost figures: each part says it is not available.
      await statusStore.write('llm_health', HEALTH_PLAIN);
      await page.locator('[data-panel="safety"][data-state="ok"] [data-field="safety_unavailable"]').waitFor(WAIT);
      expect(await text(page, '[data-panel="safety"] [data-field="safety_unavailable"]')).toBe('not availableno safety figures in llm_health.json: the monitor does not scan responses yet');
      expect(await text(page, '[data-panel="safety"] [data-field="cost_unavailable"] strong')).toBe('not available');
      // Without trends, no arrow anywhere.
      await page.locator('[data-panel="health"] [data-field="level"][data-level="WARNING"]').waitFor(WAIT);
      expect(await page.locator('[data-panel="health"] .trend').count()).toBe(0);
      expect(await page.locator('[data-panel="safety"]').textContent()).not.toMatch(NOT_A_VALUE);
      expect(page.problems).toEqual([]);
      await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-not-available.png'), fullPage: true });
    } finally {
      await page.close();
      await bare.closeResources();
      await bareServer.close();
    }
  });
});

describe('the fine-tune controls', () => {
  it('refuses the switch and "fine-tune now" without the token (the API\'s 401, shown), then records both with who and when', async () => {
    await statusStore.write('llm_health', HEALTH_PLAIN);
    const page = await openDashboard();
    const panel = page.locator('[data-panel="fine-tune"]');
    await waitForPanel(page, 'fine-tune', 'ok');
    const toggle = panel.locator('[data-field="auto_switch"]');
    // The monitor's pass saw no switch: its auto_fine_tune (false) is the config's value.
    expect(await toggle.getAttribute('aria-checked')).toBe('false');
    expect(await text(page, '[data-panel="fine-tune"] [data-field="control_set"]')).toBe("never set here: the config's value (off) holds");

    // No token: the request goes out and the API's refusal is shown; nothing changes in Redis.
    await toggle.click();
    await panel.locator('[data-field="switch_result"][data-state="refused"]').waitFor(WAIT);
    expect(await text(page, '[data-panel="fine-tune"] [data-field="switch_result"]')).toBe('refused by the API (401): missing bearer token. Enter the API token above.');
    await panel.locator('[data-field="fine_tune_now"]').click();
    await panel.locator('[data-field="trigger_result"][data-state="refused"]').waitFor(WAIT);
    expect(await text(page, '[data-panel="fine-tune"] [data-field="trigger_result"]')).toBe('refused by the API (401): missing bearer token. Enter the API token above.');
    expect(await readFineTuneControl(redis.client, RUN)).toBeNull();
    expect(await redis.client.exists(redisNamespace(RUN).fineTuneRequests)).toBe(0);

    // A wrong token is refused too, and forgotten.
    await useToken(page, 'fine-tune', 'not-the-token');
    await panel.locator('[data-field="auto_switch"]').click();
    await page.waitForFunction(() => document.querySelector('[data-panel="fine-tune"] [data-field="switch_result"]')?.textContent?.includes('invalid token'), null, WAIT);
    expect(await text(page, '[data-panel="fine-tune"] [data-field="switch_result"]')).toBe('refused by the API (401): invalid token. Enter the token again above.');
    expect(await page.evaluate(() => sessionStorage.getItem('flywheel.apiToken'))).toBeNull();

    // With the token and a name: switched on, recorded under that name.
    await page.locator('[data-panel="fine-tune"] input[name="api-user"]').fill('alice');
    await useToken(page, 'fine-tune', TOKEN);
    await panel.locator('[data-field="auto_switch"]').click();
    await panel.locator('[data-field="auto_switch"][aria-checked="true"]').waitFor(WAIT);
    const control = await readFineTuneControl(redis.client, RUN);
    expect(control).toEqual({ auto_fine_tune: true, changed_by: 'alice', changed_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/) });
    expect(await text(page, '[data-panel="fine-tune"] [data-field="switch_result"]')).toBe('switched on');
    expect(await text(page, '[data-panel="fine-tune"] [data-field="control_by"]')).toBe('alice');
    expect(await text(page, '[data-panel="fine-tune"] [data-field="control_at"]')).toBe(shown(control!.changed_at));
    expect(await text(page, '[data-panel="fine-tune"] [data-field="control_set"]')).toBe(`set on by alice at ${shown(control!.changed_at)}; it overrides the config's off`);

    // "Fine-tune now" with a reason: one request on the stream, shown as waiting.
    await panel.locator('input[name="fine-tune-reason"]').fill('ratings fell');
    await panel.locator('[data-field="fine_tune_now"]').click();
    await panel.locator('[data-field="trigger_result"][data-state="ok"]').waitFor(WAIT);
    const { requests } = await takeManualFineTuneRequests(redis.client, RUN);
    expect(requests).toHaveLength(1);
    const asked = requests[0]!.request;
    expect(asked).toEqual({ id: asked.id, requested_by: 'alice', requested_at: asked.requested_at, reason: 'ratings fell' });
    expect(await text(page, '[data-panel="fine-tune"] [data-field="trigger_result"]')).toBe(`requested (${asked.id}): production-monitor runs it on its next pass`);
    await panel.locator(`[data-field="pending"] [data-request="${asked.id}"]`).waitFor(WAIT);
    expect(await text(page, `[data-panel="fine-tune"] [data-request="${asked.id}"]`)).toBe(`waiting alice at ${shown(asked.requested_at)}: ratings fell`);

    // The monitor's next pass ran it: the panel shows the run and nothing waiting.
    await statusStore.write('llm_health', healthAfterManualRun(asked.id, asked.requested_at, control!));
    await panel.locator('[data-field="manual_by"]').waitFor(WAIT);
    expect(await text(page, '[data-panel="fine-tune"] [data-field="manual_by"]')).toBe('alice');
    expect(await text(page, '[data-panel="fine-tune"] [data-field="manual_ran_at"]')).toBe(shown(new Date(Date.parse(asked.requested_at) + 5_000).toISOString()));
    expect(await text(page, '[data-panel="fine-tune"] [data-field="manual_command"]')).toBe('bash scripts/fine-tune.sh --method Transformer²');
    expect(await text(page, '[data-panel="fine-tune"] [data-part="manual-last"] [data-field="exit"]')).toBe('exit 0');
    expect(await text(page, '[data-panel="fine-tune"] [data-field="manual_output"]')).toBe('adapter saved to checkpoints/ft-1');
    expect(await text(page, '[data-panel="fine-tune"] p[data-field="pending"]')).toBe('no request waiting');
    // The automatic firing of the WARNING pass: recommended, no command (auto was off then).
    expect(await text(page, '[data-panel="fine-tune"] [data-part="auto-last"] [data-field="exit"]')).toBe('no command run');
    expect(await panel.textContent()).not.toMatch(NOT_A_VALUE);
    expect(page.problems).toEqual([]);
    await panel.screenshot({ path: path.join(ARTIFACTS, 'dashboard-fine-tune.png') });
    await page.close();
  });
});

describe('trend arrows and the safety & cost card', () => {
  it('puts an arrow with the right direction, colour and p-value beside each metric the monitor gave a trend for', async () => {
    await statusStore.write('llm_health', HEALTH_FULL);
    const page = await openDashboard();
    const health = page.locator('[data-panel="health"]');
    await health.locator('[data-part="metrics"] [data-trend="response_time_ms.p95"]').waitFor(WAIT);
    const arrows = await health.locator('[data-part="metrics"] .trend').evaluateAll((nodes) =>
      nodes.map((n) => [n.getAttribute('data-trend'), n.getAttribute('data-direction'), n.textContent, getComputedStyle(n).color]),
    );
    const green = 'rgb(123, 216, 143)';
    const grey = 'rgb(139, 149, 165)';
    const red = 'rgb(255, 107, 107)';
    expect(arrows).toEqual([
      ['response_time_ms.p50', 'stable', 'p50→', grey],
      ['response_time_ms.p95', 'declining', 'p95↓', red],
      ['response_time_ms.p99', 'declining', 'p99↓', red],
      ['error_rate', 'stable', '→', grey],
      ['user_rating', 'improving', '↑', green],
      ['host.memory_percent', 'declining', '↓', red],
    ]);
    expect(await health.locator('[data-part="metrics"] [data-trend="response_time_ms.p95"]').getAttribute('title')).toBe(
      'response_time_ms.p95: declining (Mann–Kendall S = 40, p = 0.004, α = 0.05, Theil–Sen slope 310 per bucket; 12 buckets; lower is better)',
    );
    expect(await health.locator('[data-part="metrics"] [data-trend="user_rating"]').getAttribute('title')).toContain('p = 0.012');
    // p below 0.001 in exponent form, as the drift table.
    expect(await health.locator('[data-trend="host.memory_percent"]').getAttribute('title')).toContain('p = 2.0e-4');
    // The breaches follow their metric's trend: response time p95 ↓, user rating ↑.
    expect(await health.locator('tr[data-breach="response_time"] td').allTextContents()).toEqual(['response time p95', '6.00 s↓', '> 5.00 s', 'WARNING', '45']);
    expect(await health.locator('tr[data-breach="user_rating"] td').allTextContents()).toEqual(['user rating', '3.60↑', '< 4.00', 'ATTENTION', '25']);
    expect(page.problems).toEqual([]);
    await health.screenshot({ path: path.join(ARTIFACTS, 'dashboard-health-trends.png') });
    await page.close();
  });

  it('shows personal data by kind, toxicity and refusals with their scorers, and cost per query, tokens and GPU use', async () => {
    await statusStore.write('llm_health', HEALTH_FULL);
    const page = await openDashboard();
    const card = page.locator('[data-panel="safety"]');
    await card.locator('[data-field="cost_per_query"]').waitFor(WAIT);
    const field = (name: string) => text(page, `[data-panel="safety"] [data-field="${name}"]`);
    expect(await field('responses_scanned')).toBe('40');
    expect(await field('pii_responses')).toBe('3 (7.5%)');
    expect(await field('pii_redacted')).toBe('yes');
    expect(await field('toxicity_rate')).toBe('2.5% (1 of 40)');
    expect(await field('toxicity_scorer')).toBe('by llm-judge:checkpoint-300');
    expect(await field('refusal_rate')).toBe('5.0% (2 of 40)');
    expect(await field('refusal_scorer')).toBe('by refusal-patterns');
    const kinds = await card.locator('table.pii-kinds tbody tr').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((c) => c.textContent)));
    expect(kinds).toEqual([['email', '2'], ['phone', '0'], ['card', '1'], ['iban', '0'], ['ip address', '0'], ['secret', '1']]);
    expect(await field('cost_per_query')).toBe('0.00045 USD');
    expect(await field('total_cost')).toBe('0.018 USD');
    expect(await field('cost_requests')).toBe('45');
    expect(await field('tokens')).toBe('13,500 / 9,000');
    expect(await field('gpu_utilization')).toBe('63.5% (nvidia-smi)');
    expect(await card.locator('tr[data-model="checkpoint-300"] td').allTextContents()).toEqual(['checkpoint-300', '40', '12,000 / 8,000', 'per million tokens', '0.018 USD', '0.00045 USD']);
    expect(await card.locator('tr[data-model="fallback"] td').allTextContents()).toEqual(['fallback', '5', '1,500 / 1,000', 'no price', '—', '—']);
    expect(await card.textContent()).not.toMatch(NOT_A_VALUE);
    expect(page.problems).toEqual([]);
    await card.screenshot({ path: path.join(ARTIFACTS, 'dashboard-safety-cost.png') });
    await page.close();
  });
});

describe('alerts and their live analysis', () => {
  it('lists alerts, acknowledges one and silences a kind (token needed), and lifts the silence', async () => {
    alerts.alerts.push(
      { id: '1764068400000-0', kind: 'health_critical', severity: 'P0', at: '2026-11-25T11:10:00.000Z', title: 'health CRITICAL: response time p95 12.00 s', summary: 'health CRITICAL', subject: 'CRITICAL' },
      { id: '1764068401000-0', kind: 'drift', severity: 'P2', at: '2026-11-25T11:10:01.000Z', title: 'drift in skill_mix (PSI 0.31)', summary: 'drift', subject: null },
    );
    const page = await openDashboard();
    const panel = page.locator('[data-panel="alerts"]');
    await waitForPanel(page, 'alerts', 'ok');
    expect(await text(page, '[data-panel="alerts"] [data-field="alert_counts"]')).toBe('2 alerts, 2 not acknowledged');
    const critical = panel.locator('tr[data-alert="1764068400000-0"]');
    expect(await critical.locator('[data-field="severity"]').textContent()).toBe('P0');
    expect(await critical.locator('[data-field="title"]').textContent()).toBe('health CRITICAL: response time p95 12.00 s (CRITICAL)');

    // No token: the API refuses, the row says so, nothing is recorded.
    await critical.locator('button.ack').click();
    await critical.locator('[data-field="action_result"][data-state="refused"]').waitFor(WAIT);
    expect(await critical.locator('[data-field="action_result"]').textContent()).toBe('refused by the API (401): missing bearer token. Enter the API token above.');
    expect(alerts.acks.size).toBe(0);

    await page.locator('[data-panel="alerts"] input[name="api-user"]').fill('bob');
    await useToken(page, 'alerts', TOKEN);
    await panel.locator('tr[data-alert="1764068400000-0"] button.ack').click();
    await panel.locator('tr[data-alert="1764068400000-0"] [data-field="acknowledged"]').waitFor(WAIT);
    expect(alerts.acks.get('1764068400000-0')?.by).toBe('bob');
    expect(await text(page, '[data-panel="alerts"] [data-field="alert_counts"]')).toBe('2 alerts, 1 not acknowledged');

    // Silence drift for 4 h.
    const drift = panel.locator('tr[data-alert="1764068401000-0"]');
    await drift.locator('select[name="silence-minutes"]').selectOption('240');
    await drift.locator('button.silence').click();
    await panel.locator('[data-silence="drift"]').waitFor(WAIT);
    expect(alerts.silences.map((s) => [s.kind, s.minutes, s.by])).toEqual([['drift', 240, 'bob']]);
    expect(await panel.locator('tr[data-alert="1764068401000-0"] [data-field="silenced"]').textContent()).toBe('silenced');
    expect(await text(page, '[data-panel="alerts"] tr[data-alert="1764068401000-0"] [data-field="action_result"]')).toBe('drift silenced for 240 min');
    await panel.locator('[data-silence="drift"] button.unsilence').click();
    await panel.locator('p[data-field="silences"]').waitFor(WAIT);
    expect(alerts.silences).toEqual([]);
    expect(page.problems).toEqual([]);
    await panel.screenshot({ path: path.join(ARTIFACTS, 'dashboard-alerts.png') });
    await page.close();
  });

  it('shows an analysis token by token as it streams, resumes after a drop with Last-Event-ID, and sends a rating', async () => {
    // Only this page's connections (every page of the tests above opened the stream too).
    alerts.connections.length = 0;
    const page = await openDashboard();
    const panel = page.locator('[data-panel="analysis"]');
    await panel.locator('[data-field="stream_state"][data-stream="live"]').waitFor(WAIT);
    expect(await text(page, '[data-panel="analysis"] [data-field="no_analysis"]')).toBe('no analysis yet: one starts when alerts arrive');

    const words = ['Latency ', 'rose ', 'after ', 'checkpoint-300 ', 'was deployed; roll back.'];
    alerts.emit('analysis.start', { analysis_id: 'an-1', alerts: ['1764068400000-0', '1764068401000-0'], model: 'checkpoint-300', at: '2026-11-25T11:10:31.000Z', attempt: 1 });
    for (let i = 0; i < 3; i++) alerts.emit('token', { analysis_id: 'an-1', text: words[i], index: i });
    const card = panel.locator('[data-analysis="an-1"]');
    await panel.locator('[data-analysis="an-1"][data-tokens="3"]').waitFor(WAIT);
    // Still generating: the first three tokens, in order, and no rating yet.
    expect(await card.getAttribute('data-status')).toBe('streaming');
    expect(await card.locator('[data-field="analysis_text"]').textContent()).toBe('Latency rose after ');
    expect(await card.locator('button.rate-good').count()).toBe(0);

    // The connection drops; the rest is generated while the page is away.
    const lastSeen = `1764068400000-${3}`;
    alerts.drop();
    alerts.emit('token', { analysis_id: 'an-1', text: words[3], index: 3 });
    alerts.emit('token', { analysis_id: 'an-1', text: words[4], index: 4 });
    alerts.emit('analysis.end', { analysis_id: 'an-1', status: 'complete' });
    await panel.locator('[data-analysis="an-1"][data-status="complete"]').waitFor(WAIT);
    expect(await card.locator('[data-field="analysis_text"]').textContent()).toBe(words.join(''));
    // The page's probe and its first connection start fresh; the browser's reconnection (one, or
    // more if a retry raced the drop) names the last event it saw.
    expect(alerts.connections.slice(0, 2)).toEqual([null, null]);
    expect(alerts.connections.length).toBeGreaterThan(2);
    expect(new Set(alerts.connections.slice(2))).toEqual(new Set([lastSeen]));

    // Rated bad with a correction (the token is this tab's: enter it here).
    await useToken(page, 'analysis', TOKEN);
    await card.locator('textarea.correction').fill('The p95 rose with the traffic mix, not the checkpoint.');
    await card.locator('button.rate-bad').click();
    await card.locator('[data-field="rate_result"][data-state="ok"]').waitFor(WAIT);
    expect(alerts.ratings).toEqual([{ source: 'analysis', analysis_id: 'an-1', rating: 'bad', correction: 'The p95 rose with the traffic mix, not the checkpoint.' }]);
    expect(await card.locator('[data-field="rate_result"]').textContent()).toBe('rated bad');
    expect(page.problems).toEqual([]);
    await panel.screenshot({ path: path.join(ARTIFACTS, 'dashboard-analysis.png') });
    await page.close();
  });
});

describe('the report export control', () => {
  it('links to /api/reports with the chosen format and period, and refuses a period the API would not read', async () => {
    await statusStore.write('llm_health', HEALTH_FULL);
    const page = await openDashboard();
    const link = page.locator('#report-export a.report-link');
    expect(await link.getAttribute('href')).toBe('/api/reports?since=24h&format=html');
    await page.locator('#report-export select[name="report-format"]').selectOption('pdf');
    await page.locator('#report-export input[name="report-since"]').fill('7d');
    expect(await link.getAttribute('href')).toBe('/api/reports?since=7d&format=pdf');
    await page.locator('#report-export input[name="report-since"]').fill('soon');
    expect(await link.getAttribute('href')).toBeNull();
    expect(await link.getAttribute('aria-disabled')).toBe('true');
    await page.locator('#report-export input[name="report-since"]').fill('24h');
    // The whole page, every panel settled, as the artifact of this file.
    for (const name of ['fine-tune', 'alerts', 'analysis', 'safety', 'health']) await waitForPanel(page, name, 'ok');
    await page.waitForTimeout(1_500);
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-controls.png'), fullPage: true });
    expect(page.problems).toEqual([]);
    await page.close();
  });
});
