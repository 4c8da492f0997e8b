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
      // The rest of the malformed suite, as a trainer would meet it: a BOM and CRLF endings
      // (tolerated), a line that is not UTF-8, a 10 MB line, and an empty file.
      const crlf = path.join(normal, 'batch_b.jsonl');
      const tenMegabytes = JSON.stringify({ messages: [{ role: 'user', content: 'x'.repeat(10 * 1024 * 1024) }, { role: 'assistant', content: 'y' }] });
      await writeFile(crlf, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(line('What is 7 + 7?', '14') + '\r\n'), Buffer.from([0x7b, 0xff, 0xfe, 0x7d, 0x0d, 0x0a]), Buffer.from(tenMegabytes + '\r\n')]));
      await writeFile(path.join(normal, 'batch_c.jsonl'), '');
      await waitFor(async () => (await redis.client.exists(redisNamespace(run).heartbeat('evaluator'))) === 1 || undefined, { what: 'the evaluator' });
      const once = startNodeProcess(SELF, [...common, '--error-threshold', '2']);
      expect(await once.exited).toBe(0);
      const status = SelfCorrectionStatus.parse(JSON.parse(await readFile(path.join(dir, 'status', run, 'self_correction.json'), 'utf8')));
      expect(status).toMatchObject({ files_checked: 3, lines_checked: 8, errors_found: 8, corrections_generated: 2, format_errors: 4, wrong_answers: 4 });
      expect(status.quarantined.map((q) => `${path.basename(q.source)} ${q.where}`)).toEqual(['batch_a.jsonl line 2', 'batch_a.jsonl line 3', 'batch_b.jsonl line 2', 'batch_b.jsonl line 3']);
      // Nothing lost: the valid lines stay queued, the others are in rejected/ with their reasons and bytes.
      expect((await readFile(queued, 'utf8')).trim().split('\n')).toHaveLength(3);
      expect(await readFile(crlf, 'utf8')).toBe(line('What is 7 + 7?', '14') + '\n');
      const rejectedOf = async (name: string) =>
        (await readFile(path.join(dir, 'queue', 'rejected', `${name}.rejected.jsonl`), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { line: number; reason: string; raw: string; encoding: string });
      expect((await rejectedOf('batch_a.jsonl')).map((r) => r.line)).toEqual([2, 3]);
      const [notUtf8, tooLong] = await rejectedOf('batch_b.jsonl');
      expect(notUtf8).toMatchObject({ line: 2, reason: 'not valid UTF-8', raw: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]).toString('base64'), encoding: 'base64' });
      expect(tooLong).toMatchObject({ line: 3, raw: tenMegabytes });
      const corrections = await readdir(path.join(dir, 'queue', 'corrections'));
      expect(corrections).toHaveLength(1);
      expect(corrections[0]).toMatch(/^corrections_\d{8}\.jsonl$/);
      const lines = (await readFile(path.join(dir, 'queue', 'corrections', corrections[0]!), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { messages: { content: string }[]; error_pattern: string });
      expect(lines).toHaveLength(2);
      expect(lines[0]!.messages.at(-1)!.content).toMatch(/^A previous answer was "\[simulator\] unknown prompt"\. .* The correct answer is: (4|10|Lima)$/);
      expect(await readdir(path.join(dir, 'logs', 'error_patterns'))).not.toHaveLength(0);

      // Passes 2 and 3: each (line, checkpoint) is judged once. Pass 2 judges only the two
      // wrong lines left over by --error-threshold 2, pass 3 judges nothing; a correction line
      // queued for training is never judged; the pattern counts are those of the queue now.
      await writeFile(path.join(normal, 'batch_d.jsonl'), JSON.stringify({ ...lines[0], source: 'correction' }) + '\n');
      // A held-out question dropped into the queue by hand is quarantined, with the reason.
      await mkdir(path.join(dir, 'data', 'validation'), { recursive: true });
      await writeFile(path.join(dir, 'data', 'validation', 'v.jsonl'), JSON.stringify({ id: 'val-1', prompt: 'What is the capital of Chile?', golden: 'Santiago', difficulty: 'easy', skill: 'geo' }) + '\n');
      await writeFile(path.join(normal, 'batch_e.jsonl'), line('What is the capital of Chile?', 'Santiago') + '\n');
      const pass = async () => {
        expect(await startNodeProcess(SELF, [...common, '--error-threshold', '2']).exited).toBe(0);
        return JSON.parse(await readFile(path.join(dir, 'status', run, 'self_correction.json'), 'utf8')) as Record<string, unknown>;
      };
      const second = await pass();
      expect(second).toMatchObject({ corrections_generated: 2, lines_judged: 2, lines_already_judged: 2, corrections_skipped: 1, contaminated: 1 });
      expect(second['quarantined']).toContainEqual({ source: path.join(normal, 'batch_e.jsonl'), where: 'line 1', message: 'held-out contamination: shares "what is the capital of chile" with held-out example val-1 (13-gram check)' });
      expect(await readFile(path.join(normal, 'batch_e.jsonl'), 'utf8')).toBe('');
      const third = await pass();
      expect(third).toMatchObject({ corrections_generated: 0, lines_judged: 0, lines_already_judged: 4, corrections_skipped: 1, contaminated: 0 });
      const all = (await readFile(path.join(dir, 'queue', 'corrections', corrections[0]!), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { source_id: string; model_failed: string });
      expect(all).toHaveLength(4);
      expect(new Set(all.map((c) => `${c.source_id} ${c.model_failed}`)).size).toBe(4);
      const counts = third['error_patterns'] as Record<string, number>;
      expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(4);
      const files = await readdir(path.join(dir, 'logs', 'error_patterns'));
      const logged = await Promise.all(files.map(async (f) => (JSON.parse(await readFile(path.join(dir, 'logs', 'error_patterns', f), 'utf8')) as { pattern: string; count: number })));
      expect(Object.fromEntries(logged.filter((p) => p.count > 0).map((p) => [p.pattern, p.count]))).toEqual(counts);
    } finally {
      await evaluator.stop();
      await sim.close();
      await remove();
    }
  }, 60_000);
});
