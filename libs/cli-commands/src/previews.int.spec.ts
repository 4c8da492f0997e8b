import { describe, expect, it } from '@jest/globals';
import { createApiApp, startApiServer } from '@flywheel/api-server';
import { createStatusStore } from '@flywheel/status-store';
import path from 'node:path';
import { pino } from 'pino';
import { runCli } from './cli.js';
import { bufferIo } from './cli-io.js';
import { previewFixture } from './eval-results.fixture.js';

const logger = pino({ level: 'silent' });

describe('flywheel preview against the API', () => {
  it('shows /api/previews, and falls back to the records when the API has none', async () => {
    const { dir, dataDir, remove } = await previewFixture();
    const statusStore = createStatusStore({ statusDir: path.join(dir, 'status'), run: 'default', logger });
    const app = createApiApp({ statusStore, run: 'default', staleFactor: 2, staleAfterSeconds: 1800, logger, dataDir });
    const server = await startApiServer(app, { port: 0 });
    try {
      const io = bufferIo({ cwd: dir });
      expect(await runCli(['preview', '--step', '100', '--count', '1', '--api', server.url], { io, workspaceRoot: dir })).toBe(0);
      expect(io.err()).toBe('');
      expect(io.out()).toBe(
        [
          `checkpoint-100 (step 100): 1 preview(s), from the API at ${server.url}`,
          '',
          '── e1 [easy, arithmetic] right',
          'prompt:   What is 1 + 1?',
          'golden:   g1',
          'output:   [think] one and one [/think] g1',
          'think:    closed, 11 chars',
          '',
        ].join('\n'),
      );
      // Without --step the API picks the newest checkpoint with a validation evaluation.
      const json = bufferIo({ cwd: dir });
      expect(await runCli(['preview', '--difficulty', 'hard', '--api', server.url, '--json'], { io: json, workspaceRoot: dir })).toBe(0);
      const body = JSON.parse(json.out());
      expect(body.checkpoint).toBe('checkpoint-200');
      expect(body.previews.map((p: { id: string }) => p.id)).toEqual(['e5', 'e6']);

      const missing = bufferIo({ cwd: dir });
      expect(await runCli(['preview', '--step', '7', '--api', server.url], { io: missing, workspaceRoot: dir })).toBe(1);
      expect(missing.err()).toMatch(/^flywheel preview: API .*\/api\/previews\?count=5&checkpoint=checkpoint-7 answered 404: no evaluation records for checkpoint-7 on the validation set; reading the evaluator's records directly\n/);
      expect(missing.err()).toMatch(/\nflywheel preview: checkpoint-7 has no evaluation records in .*: evaluated checkpoints: checkpoint-100, checkpoint-200, checkpoint-300\n$/);
    } finally {
      await server.close();
      await (app as { closeResources?: () => Promise<void> }).closeResources?.();
      await remove();
    }
  });
});
