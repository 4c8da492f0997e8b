// The analyst pass bounds its dispositions by the alerts stream (a private Redis, real status files).
import { describe, expect, it } from '@jest/globals';
import { loadConfig } from '@flywheel/config';
import { alertAnalystKeys, redisNamespace, type Alert } from '@flywheel/contracts';
import { createStatusStore } from '@flywheel/status-store';
import { redisPerFile, tempDir } from '@flywheel/testing';
import { pino } from 'pino';
import { passDeps } from './alert-analyst.daemon.js';
import { analystPass } from './analyst-pass.js';

const redis = redisPerFile();
const NOW = new Date('2026-11-25T12:00:00.000Z');
// P2 is not analysed by default: the pass only marks it, and no model server is asked.
const drift: Alert = { kind: 'drift', severity: 'P2', at: NOW.toISOString(), source: 'test', subject: null, summary: 'drift', details: {} };

describe('hostile input: growth of the dispositions hash (analystPass)', () => {
  it('drops the dispositions of alerts trimmed from the stream', async () => {
    const folder = await tempDir('analyst-retention');
    try {
      const run = 'retention';
      const config = loadConfig({ argv: ['--base-dir', folder.dir, '--redis-url', redis.server.url, '--run', run], env: {}, cwd: folder.dir });
      const logger = pino({ level: 'silent' });
      const statusStore = createStatusStore({ statusDir: config.paths.statusDir, run, redis: redis.client, logger });
      const deps = passDeps(config, { statusStore, logger, now: () => NOW }, redis.client);
      for (const id of ['1-0', '2-0', '3-0']) await redis.client.xadd(redisNamespace(run).alerts, id, 'alert', JSON.stringify(drift));
      await analystPass(deps);
      const key = alertAnalystKeys(run).dispositions;
      expect((await redis.client.hkeys(key)).sort()).toEqual(['1-0', '2-0', '3-0']);
      // The stream is trimmed (as XADD MAXLEN ~ alerts.streamMaxLength does) to its newest alert.
      await redis.client.xtrim(redisNamespace(run).alerts, 'MAXLEN', 1);
      await analystPass(deps);
      expect(await redis.client.hkeys(key)).toEqual(['3-0']);
    } finally {
      await folder.remove();
    }
  });
});
