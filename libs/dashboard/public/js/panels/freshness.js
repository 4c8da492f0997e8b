// Freshness of every status file and every daemon's heartbeat, from GET /api/status.
import { getJson } from '../api.js';
import { badge, h, table } from '../dom.js';
import { age, secondsSince, time } from '../format.js';
import { showResult } from '../panel.js';

const STATE_TONE = { present: 'ok', stale: 'warn', missing: 'muted', error: 'bad' };

export const freshnessPanel = {
  name: 'freshness',
  refreshOn: '*',
  // The API shares /api/status reads for up to a second (createApiApp statusSnapshotMs), so
  // the first look after an event may predate it: look once more when that has passed.
  lookAgainMs: 1_500,
  // Heartbeats change without a status write: poll them too.
  pollSeconds: 10,
  async refresh(section) {
    showResult(section, await getJson('/api/status'), render);
  },
};

function render(body, data) {
  const now = Date.parse(data.generated_at) ? new Date(data.generated_at) : new Date();
  const daemons = data.daemons ?? {};
  const statuses = Object.entries(data.statuses ?? {});
  const redis = data.redis ?? {};
  const runName = document.getElementById('run-name');
  if (runName && typeof data.run === 'string') runName.textContent = data.run;
  body.append(
    h(
      'p',
      { class: 'headline' },
      data.ok ? badge('all status files readable', 'ok') : badge('a status file cannot be read', 'bad'),
      ' ',
      redis.configured ? (redis.ok ? badge('redis ok', 'ok') : badge(`redis: ${redis.error ?? 'unreachable'}`, 'bad')) : badge('no redis: heartbeats unknown', 'warn'),
      h('span', { class: 'note' }, ` as of ${time(data.generated_at)}`),
    ),
    h(
      'div',
      { class: 'freshness' },
      table(
        ['status', 'file', 'state', 'age', 'stale after', 'writer', 'writer heartbeat'],
        statuses.map(([id, st]) => {
          const writer = st.writer ? daemons[st.writer] : null;
          return h(
            'tr',
            { 'data-status': id, 'data-state': st.state },
            h('td', {}, id),
            h('td', { class: 'mono' }, st.file),
            h('td', {}, badge(st.state, STATE_TONE[st.state] ?? 'muted', { title: st.error ?? st.warning ?? null })),
            h('td', { class: 'num' }, age(st.age_seconds)),
            h('td', { class: 'num' }, age(st.stale_after_seconds)),
            h('td', {}, st.writer ?? 'trainer'),
            h('td', {}, st.writer ? beat(writer) : '—'),
          );
        }),
        { class: 'statuses' },
      ),
      table(
        ['daemon', 'heartbeat', 'beat', 'interval', 'last job'],
        Object.entries(daemons).map(([name, d]) =>
          h(
            'tr',
            { 'data-daemon': name, 'data-alive': String(Boolean(d.alive)) },
            h('td', {}, name),
            h('td', {}, beat(d)),
            h('td', { class: 'num' }, d.heartbeat ? `${age(secondsSince(d.heartbeat.beatAt, now))} ago` : '—'),
            h('td', { class: 'num' }, d.heartbeat ? (d.heartbeat.intervalSeconds === null ? 'on events' : age(d.heartbeat.intervalSeconds)) : '—'),
            h('td', {}, lastJob(d.heartbeat?.lastJob, now)),
          ),
        ),
        { class: 'daemons' },
      ),
    ),
  );
}

function beat(d) {
  if (!d) return badge('no heartbeat', 'muted');
  if (d.error) return badge('invalid heartbeat', 'bad', { title: d.error });
  if (!d.alive) return badge('not running', 'muted');
  const state = d.heartbeat?.state ?? 'alive';
  return badge(state, state === 'stopping' ? 'warn' : 'ok', { title: d.heartbeat ? `pid ${d.heartbeat.pid} on ${d.heartbeat.host}` : null });
}

function lastJob(job, now) {
  if (!job) return '—';
  return h('span', {}, badge(job.ok ? 'ok' : 'failed', job.ok ? 'ok' : 'bad', { title: job.error ?? null }), ` ${job.kind} ${age(secondsSince(job.finishedAt, now))} ago`);
}
