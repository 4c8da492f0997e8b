// Stand-ins for the alert analyst's API routes (GET /api/alerts, ack, silence, the analysis
// SSE stream, and analysis ratings), served as real plugins of the real API, for as long as
// the API does not serve its own: they keep what the page sends, so the test can check it,
// and send what the test emits. Shapes are those of docs/api.md's alert routes.
import { DEFAULT_PLUGINS, definePlugin, type ApiPlugin, type PluginHandler } from '@flywheel/api-server';
import type { Response } from 'express';

export interface StandInAlert {
  id: string;
  kind: string;
  severity: 'P0' | 'P1' | 'P2';
  at: string;
  title: string;
  summary: string;
  subject: string | null;
}

export interface AlertRoutesStandIn {
  plugins: ApiPlugin[];
  alerts: StandInAlert[];
  acks: Map<string, { by: string; at: string }>;
  silences: { kind: string; until: string; by: string; reason: string | null; minutes: number }[];
  /** Bodies of analysis ratings received (with the token: the guard ran first). */
  ratings: unknown[];
  /** The Last-Event-ID header of each stream connection, in order (null: a fresh connection). */
  connections: (string | null)[];
  /** Sends one event to every open stream (and keeps it, for a client that resumes). */
  emit(event: 'analysis.start' | 'token' | 'analysis.end', data: Record<string, unknown>): string;
  /** Ends every open stream from the server side, as a dropped connection. */
  drop(): void;
}

/** Who acted: the body's `by`, else the X-Flywheel-User header, else the token, as the real routes. */
const who = (by: unknown, header: string | undefined) => (typeof by === 'string' && by ? by : header || 'api-token');

/** The real rating route, which the stand-in passes everything but analysis ratings to. */
const realRate = (DEFAULT_PLUGINS.find((p) => p.name === 'feedback-rate') as { handler: PluginHandler }).handler;

export function alertRoutesStandIn(now: () => Date = () => new Date()): AlertRoutesStandIn {
  const history: { id: string; text: string }[] = [];
  const clients = new Set<Response>();
  let seq = 0;
  const state: AlertRoutesStandIn = {
    plugins: [],
    alerts: [],
    acks: new Map(),
    silences: [],
    ratings: [],
    connections: [],
    emit(event, data) {
      const id = `1764068400000-${seq++}`;
      const text = `id: ${id}\nevent: ${event}\ndata: ${JSON.stringify({ kind: event, ...data })}\n\n`;
      history.push({ id, text });
      for (const res of clients) res.write(text);
      return id;
    },
    drop() {
      for (const res of clients) res.end();
      clients.clear();
    },
  };
  state.plugins = [
    definePlugin({
      name: 'alerts',
      route: '/api/alerts',
      handler: (_req, res) => {
        const silenced = new Set(state.silences.map((s) => s.kind));
        res.json({
          alerts: state.alerts.map((a) => ({ ...a, acknowledged: state.acks.has(a.id), ack: state.acks.get(a.id) ?? null, silenced: silenced.has(a.kind) })),
          silences: state.silences.map(({ minutes: _minutes, ...s }) => s),
        });
      },
    }),
    definePlugin({
      name: 'alerts-ack',
      route: '/api/alerts/:id/ack',
      method: 'POST',
      handler: (req, res) => {
        const id = String(req.params['id']);
        if (!state.alerts.some((a) => a.id === id)) {
          res.status(404).json({ error: `no alert ${id}`, field: 'id' });
          return;
        }
        state.acks.set(id, { by: who(req.body?.by, req.get('x-flywheel-user')), at: now().toISOString() });
        res.json({ id, ack: state.acks.get(id) });
      },
    }),
    definePlugin({
      name: 'alerts-silence',
      route: '/api/alerts/silence',
      method: 'POST',
      handler: (req, res) => {
        const { kind, minutes, reason } = req.body ?? {};
        const silence = { kind, minutes, until: new Date(now().getTime() + minutes * 60_000).toISOString(), by: who(req.body?.by, req.get('x-flywheel-user')), reason: reason ?? null };
        state.silences = [...state.silences.filter((s) => s.kind !== kind), silence];
        res.json({ silence });
      },
    }),
    definePlugin({
      name: 'alerts-unsilence',
      route: '/api/alerts/silence/:kind',
      method: 'DELETE',
      handler: (req, res) => {
        state.silences = state.silences.filter((s) => s.kind !== req.params['kind']);
        res.json({ kind: req.params['kind'], silenced: false });
      },
    }),
    definePlugin({
      name: 'alerts-analysis-stream',
      route: '/api/alerts/analysis/stream',
      handler: (req, res) => {
        const last = req.get('last-event-id') ?? null;
        state.connections.push(last);
        res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store' });
        // Reconnect quickly after a drop (the browser's default is about 3 s).
        res.write('retry: 200\n\n');
        const from = last === null ? history.length : history.findIndex((e) => e.id === last) + 1;
        for (const e of history.slice(from)) res.write(e.text);
        clients.add(res);
        req.on('close', () => clients.delete(res));
      },
    }),
    definePlugin({
      name: 'feedback-rate',
      route: '/api/monitor/training/rate',
      method: 'POST',
      handler: async (req, res, context) => {
        if (req.body?.source !== 'analysis') return realRate(req, res, context);
        state.ratings.push(req.body);
        res.status(201).json({ record: req.body, correction_file: null, stream_id: null });
      },
    }),
  ];
  return state;
}
