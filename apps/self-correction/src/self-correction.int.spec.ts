// End to end: the built self-correction process with the evaluator and the simulated model.
// The simulator knows none of the queued questions, so every valid line is answered wrongly.
import { describe, expect, it } from '@jest/globals';
import { redisNamespace, SelfCorrectionStatus } from '@flywheel/contracts';
import { startSimulatorServer, writeSimulatedCheckpoint } from '@flywheel/simulation';
import { redisPerFile, startNodeProcess, tempDir, waitFor } from '@flywheel/testing';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SELF = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const EVALUATOR = fileURLToPath(new URL('../../evaluator/dist/main.js', import.meta.url));
const redis = redisPerFile({ maxRetriesPerRequest: null });
const line = (q: string, a: string) => JSON.stringify({ messages: [{ role: 'user', content: q }, { role: 'assistant', content: a }], difficulty: 'easy', skill: 'math' });

describe('self-correction process', () => {
  it('quarantines bad lines, keeps the rest queued, and writes capped corrections and error patterns', async () => {
    const { dir, remove } = await tempDir('selfcorr');
    const sim = await startSimulatorServer({ examples: [], baseModel: 'base' });
    const run = 'selfcorr';
    const common = ['--base-dir', dir, '--redis-url', redis.server.url, '--run', run, '--set', 'heartbeatSeconds=1', '--log-level', 'warn'];
    const evaluator = startNodeProcess(EVALUATOR, [...common, '--backend', 'lora', '--backend-url', sim.url, '--set', 'checkpoints.announce=off']);
    try {
      await writeSimulatedCheckpoint(path.join(dir, 'current_model'), { step: 100, evalLoss: 0.5, trainLoss: [], epoch: 1, maxSteps: 1000 });
      const normal = path.join(dir, 'queue', 'normal');
      await mkdir(normal, { recursive: true });
      const queued = path.join(normal, 'batch_a.jsonl');
      await writeFile(queued, [line('What is 2 + 2?', '4'), line('What is 3 + 3?', '6').slice(0, 30),
        JSON.stringify({ messages: [{ role: 'assistant', content: 'x' }, { role: 'user', content: 'y' }] }),
        line('What is 5 + 5?', '10'), line('Capital of Peru?', 'Lima')].join('\n') + '\n');
      await waitFor(async () => (await redis.client.exists(redisNamespace(run).heartbeat('evaluator'))) === 1 || undefined, { what: 'the evaluator' });
      const once = startNodeProcess(SELF, [...common, '--error-threshold', '2']);
      expect(await once.exited).toBe(0);
      const status = SelfCorrectionStatus.parse(JSON.parse(await readFile(path.join(dir, 'status', run, 'self_correction.json'), 'utf8')));
      expect(status).toMatchObject({ files_checked: 1, lines_checked: 5, errors_found: 5, corrections_generated: 2, format_errors: 2, wrong_answers: 3 });
      expect(status.quarantined.map((q) => q.where)).toEqual(['line 2', 'line 3']);
      // Nothing lost: three lines stay queued, two are in rejected/ with their reasons.
      expect((await readFile(queued, 'utf8')).trim().split('\n')).toHaveLength(3);
      const rejected = (await readFile(path.join(dir, 'queue', 'rejected', 'batch_a.jsonl.rejected.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { line: number });
      expect(rejected.map((r) => r.line)).toEqual([2, 3]);
      const corrections = await readdir(path.join(dir, 'queue', 'corrections'));
      expect(corrections).toHaveLength(1);
      expect(corrections[0]).toMatch(/^corrections_\d{8}\.jsonl$/);
      const lines = (await readFile(path.join(dir, 'queue', 'corrections', corrections[0]!), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { messages: { content: string }[]; error_pattern: string });
      expect(lines).toHaveLength(2);
      expect(lines[0]!.messages.at(-1)!.content).toMatch(/^A previous answer was "\[simulator\] unknown prompt"\. .* The correct answer is: (4|10|Lima)$/);
      expect(await readdir(path.join(dir, 'logs', 'error_patterns'))).not.toHaveLength(0);
    } finally {
      await evaluator.stop();
      await sim.close();
      await remove();
    }
  }, 60_000);
});
