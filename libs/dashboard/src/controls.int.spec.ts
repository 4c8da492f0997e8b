// The dashboard's controls in Debian's Chromium against a real API (its fine-tune routes, a
// private Redis, status files written through the status store): the auto fine-tune switch
// and "fine-tune now" with and without the token, trend arrows, the safety & cost card, the
// alerts panel and the live analysis (against stand-in alert routes: alerts-routes.fixture),
// the report link, and the "not available" states of an API without those sources.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addAlert, appendAnalysis, publishAnalysisEvent } from '@flywheel/alert-analysis';
import { createApiApp, DEFAULT_PLUGINS, startApiServer, type ApiApp, type ApiPlugin, type RunningApiServer } from '@flywheel/api-server';
import { redisNamespace, type Alert, type AnalysisStreamEvent } from '@flywheel/contracts';
import { ratingsFile } from '@flywheel/feedback';
import { readFineTuneControl, takeManualFineTuneRequests } from '@flywheel/fine-tune-control';
import { createStatusStore, type StatusStore } from '@flywheel/status-store';
import { redisPerFile, settled, tempDir } from '@flywheel/testing';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { pino } from 'pino';
import { chromium, type Browser, type Page } from 'playwright-core';
import { HEALTH_FULL, HEALTH_PLAIN, healthAfterManualRun } from './controls-health.fixture.js';
import { droppingProxy, headerOf, type DroppingProxy } from './dropping-proxy.fixture.js';
import { whenStill } from './page-waits.fixture.js';
import { watchPolicyViolations } from './policy-violations.fixture.js';
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
let proxy: DroppingProxy;

afterAll(async () => {
  await browser?.close();
  await proxy?.close();
  await app?.closeResources();
  await server?.close();
  await base?.remove();
});
const redis = redisPerFile({ maxRetriesPerRequest: 1, enableOfflineQueue: false });

const isAlertRoute = (p: ApiPlugin) => p.route.startsWith('/api/alerts');

beforeAll(async () => {
  base = await tempDir('dashboard-controls');
  statusStore = createStatusStore({ statusDir: path.join(base.dir, 'status'), run: RUN, redis: redis.client, logger });
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
  });
  server = await startApiServer(app, { port: 0 });
  // The page of the analysis test goes through it, so that its event stream can be cut.
  proxy = await droppingProxy(server.url);
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
  await watchPolicyViolations(page, page.problems);
  page.on('pageerror', (error) => page.problems.push(error.message));
  page.on('console', (message) => {
    // A refused request (401) or a route not served (404) is logged by the browser; the page says so itself.
    if (message.type() === 'error' && !/\b(401|404)\b/.test(message.text()) && !message.text().startsWith('Refused to')) page.problems.push(message.text());
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
    // The API as it was before the alert analyst (or with its plugins left out): no /api/alerts….
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
  it('does not rebuild the panel under someone typing a reason: it waits until they leave the field', async () => {
    await statusStore.write('llm_health', HEALTH_PLAIN);
    const page = await openDashboard();
    const panel = page.locator('[data-panel="fine-tune"]');
    await panel.locator('input[name="fine-tune-reason"]').waitFor(WAIT);
    const reason = panel.locator('input[name="fine-tune-reason"]');
    await reason.click();
    await reason.pressSequentially('eval loss keeps');
    // A monitor pass while typing: the panel notes it and waits.
    await statusStore.write('llm_health', HEALTH_FULL);
    await page.locator('[data-panel="fine-tune"][data-deferred="yes"]').waitFor(WAIT);
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe('fine-tune-reason');
    await reason.pressSequentially(' rising');
    expect(await reason.inputValue()).toBe('eval loss keeps rising');
    // Leaving the field lets the refresh through; the text is kept for the next click.
    await page.locator('header.top h1').click();
    await page.waitForFunction(() => !document.querySelector('[data-panel="fine-tune"]')?.hasAttribute('data-deferred'), null, WAIT);
    expect(await panel.locator('input[name="fine-tune-reason"]').inputValue()).toBe('eval loss keeps rising');
    expect(page.problems).toEqual([]);
    await page.close();
  });
});

describe('trend arrows and the safety & cost card', () => {
  it('puts an arrow with the right direction, colour and p-value beside each metric the monitor gave a trend for', async () => {
    await statusStore.write('llm_health', HEALTH_FULL);
    const page = await openDashboard();
    const health = page.locator('[data-panel="health"]');
    await health.locator('[data-part="metrics"] [data-trend="response_time_ms.p95"]').waitFor(WAIT);
    const green = 'rgb(123, 216, 143)';
    const grey = 'rgb(139, 149, 165)';
    const red = 'rgb(255, 107, 107)';
    const expected = [
      ['response_time_ms.p50', 'stable', 'p50→', grey],
      ['response_time_ms.p95', 'declining', 'p95↓', red],
      ['response_time_ms.p99', 'declining', 'p99↓', red],
      ['error_rate', 'stable', '→', grey],
      ['user_rating', 'improving', '↑', green],
      ['host.memory_percent', 'declining', '↓', red],
    ];
    // The colour comes from the stylesheet: read until the page has applied it, not once.
    const arrows = await settled(
      () => health.locator('[data-part="metrics"] .trend').evaluateAll((nodes) =>
        nodes.map((n) => [n.getAttribute('data-trend'), n.getAttribute('data-direction'), n.textContent, getComputedStyle(n).color]),
      ),
      expected,
    );
    expect(arrows).toEqual(expected);
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
    const expectedKinds = [['email', '2'], ['phone', '0'], ['card', '1'], ['iban', '0'], ['ip address', '0'], ['secret', '1']];
    const kinds = await settled(() => card.locator('table.pii-kinds tbody tr').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((c) => c.textContent))), expectedKinds);
    expect(kinds).toEqual(expectedKinds);
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

/** An alert as the analyst raises it (libs/contracts Alert). */
const alertOf = (kind: Alert['kind'], severity: Alert['severity'], at: string, summary: string, subject: string | null): Alert => ({
  kind, severity, at, source: 'llm_health.json', subject, summary, details: {},
});

describe('alerts and their live analysis', () => {
  it('lists alerts, acknowledges one and silences a kind (token needed), and lifts the silence', async () => {
    const critical = await addAlert(redis.client, RUN, alertOf('health_critical', 'P0', '2026-11-25T11:10:00.000Z', 'health CRITICAL: response time p95 12.00 s', 'CRITICAL'), 1000);
    const drift = await addAlert(redis.client, RUN, alertOf('drift', 'P2', '2026-11-25T11:10:01.000Z', 'drift in skill_mix (PSI 0.31)', null), 1000);
    const page = await openDashboard();
    const panel = page.locator('[data-panel="alerts"]');
    await waitForPanel(page, 'alerts', 'ok');
    expect(await text(page, '[data-panel="alerts"] [data-field="alert_counts"]')).toBe('2 alerts, 2 not acknowledged');
    const criticalRow = panel.locator(`tr[data-alert="${critical}"]`);
    expect(await criticalRow.locator('[data-field="severity"]').textContent()).toBe('P0');
    expect(await criticalRow.locator('[data-field="title"]').textContent()).toBe('health CRITICAL: response time p95 12.00 s (CRITICAL)');
    // Newest first, as the API lists them.
    expect(await panel.locator('tr[data-alert]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-kind')))).toEqual(['drift', 'health_critical']);

    // No token: the API refuses, the row says so, nothing is recorded.
    await criticalRow.locator('button.ack').click();
    await criticalRow.locator('[data-field="action_result"][data-state="refused"]').waitFor(WAIT);
    expect(await criticalRow.locator('[data-field="action_result"]').textContent()).toBe('refused by the API (401): missing bearer token. Enter the API token above.');
    expect((await (await fetch(`${server.url}/api/alerts`)).json()).alerts.map((a: { acknowledged: boolean }) => a.acknowledged)).toEqual([false, false]);

    await page.locator('[data-panel="alerts"] input[name="api-user"]').fill('bob');
    await useToken(page, 'alerts', TOKEN);
    await panel.locator(`tr[data-alert="${critical}"] button.ack`).click();
    await panel.locator(`tr[data-alert="${critical}"] [data-field="acknowledged"]`).waitFor(WAIT);
    const listed = (await (await fetch(`${server.url}/api/alerts`)).json()) as { alerts: { id: string; acknowledged: boolean; acknowledged_by: string | null; acknowledged_at: string }[] };
    const acked = listed.alerts.find((a) => a.id === critical)!;
    expect([acked.acknowledged, acked.acknowledged_by]).toEqual([true, 'bob']);
    expect(await panel.locator(`tr[data-alert="${critical}"] [data-field="acknowledged"]`).getAttribute('title')).toBe(`by bob at ${shown(acked.acknowledged_at)}`);
    expect(await text(page, '[data-panel="alerts"] [data-field="alert_counts"]')).toBe('2 alerts, 1 not acknowledged');

    // Silence drift for 4 h: the API records the silence (by bob, 240 min from its start).
    const driftRow = panel.locator(`tr[data-alert="${drift}"]`);
    await driftRow.locator('select[name="silence-minutes"]').selectOption('240');
    await driftRow.locator('button.silence').click();
    await panel.locator('[data-silence="drift"]').waitFor(WAIT);
    const { silences } = (await (await fetch(`${server.url}/api/alerts`)).json()) as { silences: { kind: string; from: string; until: string; by: string }[] };
    expect(silences.map((x) => [x.kind, x.by, (Date.parse(x.until) - Date.parse(x.from)) / 60_000])).toEqual([['drift', 'bob', 240]]);
    expect(await text(page, `[data-panel="alerts"] tr[data-alert="${drift}"] [data-field="action_result"]`)).toBe('drift silenced for 240 min');
    expect(await text(page, '[data-panel="alerts"] [data-silence="drift"]')).toMatch(new RegExp(`^drift until ${shown(silences[0]!.until)} by bob lift`));
    await panel.locator('[data-silence="drift"] button.unsilence').click();
    await panel.locator('p[data-field="silences"]').waitFor(WAIT);
    expect((await (await fetch(`${server.url}/api/alerts`)).json()).silences).toEqual([]);
    expect(page.problems).toEqual([]);
    await panel.screenshot({ path: path.join(ARTIFACTS, 'dashboard-alerts.png') });
    await page.close();
  });

  it('shows an analysis token by token as it streams, resumes after a drop with Last-Event-ID, and sends a rating', async () => {
    const STREAM = '/api/alerts/analysis/stream';
    const page = await openDashboard(proxy.url);
    const panel = page.locator('[data-panel="analysis"]');
    await panel.locator('[data-field="stream_state"][data-stream="live"]').waitFor(WAIT);
    expect(await text(page, '[data-panel="analysis"] [data-field="no_analysis"]')).toBe('no analysis yet: one starts when alerts arrive');

    const words = ['Latency ', 'rose ', 'after ', 'checkpoint-300 ', 'was deployed; roll back.'];
    const publish = (event: AnalysisStreamEvent) => publishAnalysisEvent(redis.client, RUN, event, 10_000);
    const alertIds = ['1764068400000-0', '1764068401000-0'];
    await publish({ kind: 'analysis.start', analysis_id: 'an-1', alerts: alertIds, model: 'checkpoint-300', at: '2026-11-25T11:10:31.000Z', attempt: 1 });
    let lastSeen = '';
    for (let i = 0; i < 3; i++) lastSeen = await publish({ kind: 'token', analysis_id: 'an-1', text: words[i]!, index: i });
    const card = panel.locator('[data-analysis="an-1"]');
    await panel.locator('[data-analysis="an-1"][data-tokens="3"]').waitFor(WAIT);
    // Still generating: the first three tokens, in order, and no rating yet.
    expect(await card.getAttribute('data-status')).toBe('streaming');
    expect(await card.locator('[data-field="analysis_text"]').textContent()).toBe('Latency rose after ');
    expect(await card.locator('button.rate-good').count()).toBe(0);

    // The connection drops; the rest is generated while the page is away.
    expect(proxy.drop(STREAM)).toBe(1);
    await publish({ kind: 'token', analysis_id: 'an-1', text: words[3]!, index: 3 });
    await publish({ kind: 'token', analysis_id: 'an-1', text: words[4]!, index: 4 });
    await publish({ kind: 'analysis.end', analysis_id: 'an-1', status: 'complete' });
    await panel.locator('[data-analysis="an-1"][data-status="complete"]').waitFor(WAIT);
    expect(await card.locator('[data-field="analysis_text"]').textContent()).toBe(words.join(''));
    // The page's probe and its first connection start fresh; the browser's reconnection names
    // the last event it saw (more than one reconnection if a retry raced the drop).
    const streamRequests = proxy.requests.filter((head) => head.startsWith(`GET ${STREAM} `)).map((head) => headerOf(head, 'last-event-id'));
    expect(streamRequests.slice(0, 2)).toEqual([null, null]);
    expect(streamRequests.length).toBeGreaterThan(2);
    expect(new Set(streamRequests.slice(2))).toEqual(new Set([lastSeen]));

    // The analyst keeps the finished analysis; the page rates it bad with a correction.
    const recorded = await Promise.all(alertIds.map(async (id, i) => ({ id, ...alertOf('health_critical', 'P0', `2026-11-25T11:10:0${i}.000Z`, 'health CRITICAL', null) })));
    await appendAnalysis(statusStore.statusDir, {
      analysis_id: 'an-1', status: 'complete', alerts: recorded, model: 'checkpoint-300', base_url: 'http://127.0.0.1:8000/v1',
      messages: [{ role: 'user', content: 'Why did these alerts fire?' }], prompt: 'Why did these alerts fire?', answer: words.join(''), error: null, attempt: 1,
      timings: { first_alert_at: '2026-11-25T11:10:00.000Z', started_at: '2026-11-25T11:10:31.000Z', first_token_ms: 120, total_ms: 900 }, tokens: 5,
    });
    await useToken(page, 'analysis', TOKEN);
    await card.locator('textarea.correction').fill('The p95 rose with the traffic mix, not the checkpoint.');
    await card.locator('button.rate-bad').click();
    await card.locator('[data-field="rate_result"][data-state="ok"]').waitFor(WAIT);
    expect(await card.locator('[data-field="rate_result"]').textContent()).toBe('rated bad');
    const ratings = (await readFile(ratingsFile(statusStore.statusDir), 'utf8')).trimEnd().split('\n').map((line) => JSON.parse(line));
    expect(ratings.map((r) => [r.request_id, r.rating, r.correction, r.model])).toEqual([['analysis:an-1', 'bad', 'The p95 rose with the traffic mix, not the checkpoint.', 'checkpoint-300']]);
    // The browser logs the stream the proxy cut; nothing else may be logged.
    expect(page.problems.filter((p) => !p.includes('net::ERR_INCOMPLETE_CHUNKED_ENCODING'))).toEqual([]);
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
    await whenStill(page);
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-controls.png'), fullPage: true });
    expect(page.problems).toEqual([]);
    await page.close();
  });
});
