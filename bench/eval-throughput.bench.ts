// Evaluation throughput against the simulator, as a ratio of the simulator's own saturation
// throughput measured in the same run (goal ≥ 0.9): the engine should keep the server busy.
// The simulator runs in a process of its own, as a model server does: in one process the
// evaluator's work and the server's would share one thread.
import { backendProfile, createModelBackend } from '@flywheel/model-backend';
import { createEvalCache, evaluateSet, fingerprintExamples, promptOf } from '@flywheel/evaluation';
import { renderChat, tokenize } from '@flywheel/simulation';
import { freePort, tempDir, waitFor } from '@flywheel/testing';
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchExamples, printResult } from './bench-examples.js';

const SIMULATOR = fileURLToPath(new URL('../apps/simulator/dist/main.js', import.meta.url));

const SLOTS = 8;
const ROUNDS = 3;
/** Requests in flight at once, for the baseline sender and the evaluator's client alike: 4 × the slots. */
const CLIENT_IN_FLIGHT = SLOTS * 4;
const serviceTime = { maxConcurrency: SLOTS, baseMs: 20, promptTokenMs: 0.05, tokenMs: 1 };
const params = { maxTokens: 64, temperature: 0, stop: [] };

export async function evalThroughputBench(): Promise<{ ratio: number }> {
  const examples = await benchExamples(16);
  const work = await tempDir('bench-eval');
  await writeFile(path.join(work.dir, 'bench.jsonl'), examples.map((e) => JSON.stringify(e)).join('\n') + '\n');
  const port = await freePort();
  const server = spawn(process.execPath, [
    SIMULATOR, 'serve', '--examples', work.dir, '--port', String(port), '--model-name', 'checkpoint-500',
    '--max-concurrency', String(SLOTS), '--base-ms', String(serviceTime.baseMs),
    '--prompt-token-ms', String(serviceTime.promptTokenMs), '--token-ms', String(serviceTime.tokenMs),
  ], { stdio: 'ignore', env: { ...process.env, NODE_OPTIONS: '' } });
  const sim = { url: `http://127.0.0.1:${port}` };
  try {
    await waitFor(async () => (await fetch(`${sim.url}/health`).then((r) => r.ok, () => false)) || undefined, { timeoutMs: 20_000, what: 'the simulator' });
    // Baseline: the same two GPU requests per example, sent raw with as many in flight as the
    // evaluator's client allows (4 × the server's slots), so the server, not the sender, is the
    // limit. (The evaluator's in-flight requests include its /tokenize calls, which hold no slot.)
    const requests = examples.flatMap((e) => {
      const input = promptOf(e);
      const generate = 'messages' in input
        ? { route: '/v1/chat/completions', body: { model: 'checkpoint-500', messages: input.messages, max_tokens: 64, logprobs: true, top_logprobs: 1 } }
        : { route: '/v1/completions', body: { model: 'checkpoint-500', prompt: input.prompt, max_tokens: 64, logprobs: 1 } };
      const context = 'messages' in input ? tokenize(renderChat(input.messages, true), false).ids : tokenize(input.prompt).ids;
      const score = { route: '/v1/completions', body: { model: 'checkpoint-500', prompt: [...context, ...tokenize(e.golden, false).ids], echo: true, logprobs: 1, max_tokens: 1 } };
      return [generate, score];
    });
    // Baseline and evaluator alternate over ROUNDS rounds (the order flipping each round), so a
    // busy neighbour on a shared machine hits both alike; the ratio is the median of the rounds'.
    const baselineRun = async (): Promise<number> => {
      const started = performance.now();
      let next = 0;
      await Promise.all(
        Array.from({ length: CLIENT_IN_FLIGHT }, async () => {
          while (next < requests.length) {
            const { route, body } = requests[next++]!;
            const res = await fetch(sim.url + route, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
            await res.arrayBuffer();
          }
        }),
      );
      return requests.length / ((performance.now() - started) / 1000);
    };
    const backend = createModelBackend({ baseUrl: sim.url, model: 'checkpoint-500', profile: backendProfile('vllm') }, { concurrency: CLIENT_IN_FLIGHT, timeoutMs: 60_000, retries: 0 });
    let evaluated = 0;
    const evaluatorRun = async (): Promise<number> => {
      const started = performance.now();
      // A fresh cache each round: every round infers every example.
      const result = await evaluateSet({
        backend, checkpoint: 'checkpoint-500', checkpointId: 'bench', params,
        exampleSet: { name: 'bench', dir: '', examples, rejected: [], id: fingerprintExamples(examples) },
        cache: createEvalCache({ run: 'bench', redis: null, dir: '/nonexistent' }),
      });
      evaluated = result.records.length;
      return requests.length / ((performance.now() - started) / 1000);
    };
    const rounds: { baseline: number; evaluator: number }[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      if (round % 2 === 0) {
        const baseline = await baselineRun();
        rounds.push({ baseline, evaluator: await evaluatorRun() });
      } else {
        const evaluator = await evaluatorRun();
        rounds.push({ baseline: await baselineRun(), evaluator });
      }
    }
    const ratios = rounds.map((r) => r.evaluator / r.baseline).sort((a, b) => a - b);
    const ratio = ratios[Math.floor(ratios.length / 2)]!;
    printResult('evaluation throughput vs the simulator\'s saturation throughput', {
      'examples (2 GPU requests each)': evaluated,
      'simulator slots': SLOTS,
      'rounds (alternating order)': ROUNDS,
      'baseline: raw requests/s (saturated), per round': rounds.map((r) => r.baseline.toFixed(1)).join(', '),
      'evaluator: requests/s, per round': rounds.map((r) => r.evaluator.toFixed(1)).join(', '),
      'ratio per round': rounds.map((r) => (r.evaluator / r.baseline).toFixed(3)).join(', '),
      'median ratio (goal ≥ 0.9)': ratio.toFixed(3),
    });
    return { ratio };
  } finally {
    server.kill();
    await work.remove();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await evalThroughputBench();
