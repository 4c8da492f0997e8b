import type { Example } from '@flywheel/contracts';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { z } from 'zod';
import { renderChat } from './chat-template.js';
import { writeChatStream } from './chat-stream.js';
import { createExampleIndex } from './example-index.js';
import {
  ChatRequest,
  CompletionRequest,
  describeIssues,
  DetokenizeRequest,
  LoadLoraRequest,
  TokenizeChatRequest,
  TokenizePromptRequest,
  UnloadLoraRequest,
} from './request-shapes.js';
import { ALTERNATIVE, promptLogprobs, simulateGeneration, type AnswerModel } from './simulated-answers.js';
import { createStatsCounter, type SimulatorStats } from './simulator-stats.js';
import { createSlots, DEFAULT_SERVICE_TIME, serviceMs, type ServiceTime } from './service-time.js';
import { detokenize, tokenize, tokenText, type Tokens } from './sim-tokenizer.js';
import { createSimulatedJudge } from './simulated-judge.js';
import { DEFAULT_SKILL_CURVE, effectiveStepAt, stepOfModel, type SkillCurve } from './skill-model.js';

export interface SimulatorServerOptions {
  examples: readonly Example[];
  seed?: string;
  /** Name of the base model; a name holding `checkpoint-<step>` stands for that step. */
  baseModel?: string;
  calibration?: AnswerModel['calibration'];
  thinkTags?: boolean;
  curve?: Partial<SkillCurve>;
  serviceTime?: Partial<ServiceTime>;
  maxModelLen?: number;
  /** A model name answered by the simulated judge (see simulated-judge.ts) instead of the skill model; unset: none. */
  judgeModel?: string;
  host?: string;
  port?: number;
  /** Log lines (each starts with "[simulator]"); silent when unset. */
  log?: (line: string) => void;
}

export interface SimulatorServer {
  url: string;
  port: number;
  stats(): SimulatorStats;
  resetStats(): void;
  close(): Promise<void>;
}

export const SIMULATOR_HEADER = 'x-flywheel-simulator';
export const SIMULATOR_FINGERPRINT = 'flywheel-simulator';

class HttpError extends Error {
  constructor(readonly status: number, message: string, readonly type = 'BadRequestError') {
    super(message);
  }
}

/**
 * The simulated model server: vLLM's OpenAI-compatible API over a latent skill model (see
 * libs/simulation/README.md). It says it is a simulator in a header on every answer, in
 * `system_fingerprint` and in `/v1/models`.
 */
export async function startSimulatorServer(options: SimulatorServerOptions): Promise<SimulatorServer> {
  const model: AnswerModel = {
    seed: options.seed ?? 'flywheel',
    curve: { ...DEFAULT_SKILL_CURVE, ...options.curve },
    calibration: options.calibration ?? 'calibrated',
    thinkTags: options.thinkTags ?? false,
  };
  const baseModel = options.baseModel ?? 'simulated-base';
  const maxModelLen = options.maxModelLen ?? 8192;
  const time: ServiceTime = { ...DEFAULT_SERVICE_TIME, ...options.serviceTime };
  const slots = createSlots(time.maxConcurrency);
  const index = createExampleIndex(options.examples);
  const judge = options.judgeModel ? createSimulatedJudge(options.examples) : null;
  const adapters = new Map<string, string>();
  const counter = createStatsCounter();
  const log = options.log ?? (() => undefined);
  const created = Math.floor(Date.now() / 1000);

  /** Adapters whose trainer_state.json says how far the simulated model learned (its data mix made it faster or slower). */
  const effectiveSteps = new Map<string, number>();
  const stepOf = (name: string): number => {
    if (name === baseModel) return stepOfModel(baseModel);
    const adapterPath = adapters.get(name);
    if (adapterPath === undefined) throw new HttpError(404, `The model \`${name}\` does not exist.`, 'NotFoundError');
    return effectiveSteps.get(name) ?? (stepOfModel(name) || stepOfModel(path.basename(adapterPath)));
  };
  const parse = <S extends z.ZodType>(schema: S, body: unknown): z.output<S> => {
    const parsed = schema.safeParse(body ?? {});
    if (!parsed.success) throw new HttpError(400, describeIssues(parsed.error));
    return parsed.data;
  };
  const fromIds = (ids: readonly number[]): Tokens => {
    const strs = ids.map((id) => {
      try {
        return id === 1 ? '<s>' : tokenText(id);
      } catch (error) {
        throw new HttpError(400, `prompt: ${(error as Error).message}`);
      }
    });
    const offsets: number[] = [];
    let at = 0;
    strs.forEach((s, i) => {
      offsets.push(at);
      if (ids[i] !== 1) at += s.length;
    });
    return { ids: [...ids], strs, offsets };
  };
  const countInference = (modelName: string, match: ReturnType<typeof index.match>) => {
    if (match) counter.inference(modelName, match.example.id, match.withGolden ? 'score' : 'generate');
    else counter.unknownPrompt();
  };

  const app = express();
  app.disable('x-powered-by');
  app.use((req, res, next) => {
    res.setHeader(SIMULATOR_HEADER, '1');
    counter.request(`${req.method} ${req.path}`);
    next();
  });
  app.use(express.json({ limit: '10mb' }));

  app.get('/health', (_req, res) => {
    res.status(200).end();
  });
  app.get('/v1/models', (_req, res) => {
    // As vLLM: an adapter's `root` is the path it was loaded from, its `parent` the base model.
    const card = (id: string, parent: string | null, root = id) => ({
      id, object: 'model', created, owned_by: SIMULATOR_FINGERPRINT, root, parent, max_model_len: maxModelLen,
    });
    const judgeCard = options.judgeModel ? [card(options.judgeModel, null)] : [];
    res.json({ object: 'list', data: [card(baseModel, null), ...judgeCard, ...[...adapters].map(([name, loadedFrom]) => card(name, baseModel, loadedFrom))] });
  });

  app.post('/v1/completions', async (req, res) => {
    const body = parse(CompletionRequest, req.body);
    if (body.stream) throw new HttpError(400, 'stream: the simulator does not stream');
    const step = stepOf(body.model);
    const prompt = typeof body.prompt === 'string' ? tokenize(body.prompt, true) : fromIds(body.prompt);
    const text = typeof body.prompt === 'string' ? body.prompt : detokenize(body.prompt);
    const match = index.match(text);
    const generated = simulateGeneration(model, step, body.model, match, body.max_tokens);
    await slots.hold(serviceMs(time, prompt.ids.length, generated.tokens.ids.length));
    countInference(body.model, match);
    const genLogprob = Math.log(generated.tokenProbability);
    let logprobs = null;
    if (body.logprobs !== null && body.logprobs !== undefined) {
      const echoed = body.echo ? promptLogprobs(model, step, body.model, prompt, match) : { logprobs: [], top: [] };
      const genText = generated.tokens.strs;
      const base = body.echo ? text.length : 0;
      logprobs = {
        text_offset: [...(body.echo ? prompt.offsets : []), ...generated.tokens.offsets.map((o) => base + o)],
        token_logprobs: [...echoed.logprobs, ...genText.map(() => genLogprob)],
        tokens: [...(body.echo ? prompt.strs : []), ...genText],
        top_logprobs: [...echoed.top, ...genText.map((t) => ({ [t]: genLogprob, [ALTERNATIVE]: genLogprob - 1 }))],
      };
    }
    const completion = generated.tokens.strs.join('');
    res.json({
      id: `cmpl-sim-${counter.requestCount('POST /v1/completions')}`,
      object: 'text_completion',
      created: Math.floor(Date.now() / 1000),
      model: body.model,
      system_fingerprint: SIMULATOR_FINGERPRINT,
      choices: [{ index: 0, text: body.echo ? text + completion : completion, logprobs, finish_reason: generated.finishReason, stop_reason: null }],
      usage: { prompt_tokens: prompt.ids.length, completion_tokens: generated.tokens.ids.length, total_tokens: prompt.ids.length + generated.tokens.ids.length },
    });
  });

  app.post('/v1/chat/completions', async (req, res) => {
    const body = parse(ChatRequest, req.body);
    if (judge && body.model === options.judgeModel && !body.stream) {
      const content = judge(body.messages.filter((m) => m.role === 'user').at(-1)?.content ?? '');
      res.json({
        id: `chatcmpl-sim-judge-${Date.now()}`, object: 'chat.completion', created: Math.floor(Date.now() / 1000), model: body.model, system_fingerprint: SIMULATOR_FINGERPRINT,
        choices: [{ index: 0, message: { role: 'assistant', content }, logprobs: null, finish_reason: 'stop' }],
        usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
      });
      return;
    }
    const step = stepOf(body.model);
    const text = renderChat(body.messages, true);
    const prompt = tokenize(text, false);
    const match = index.match(text);
    const generated = simulateGeneration(model, step, body.model, match, body.max_tokens);
    const usage = { prompt_tokens: prompt.ids.length, completion_tokens: generated.tokens.ids.length, total_tokens: prompt.ids.length + generated.tokens.ids.length };
    if (body.stream) {
      // The slot is held for the prompt; the tokens then follow `tokenMs` apart, as they are decoded.
      await slots.hold(serviceMs(time, prompt.ids.length, 0));
      countInference(body.model, match);
      await writeChatStream(res, {
        id: `chatcmpl-sim-${counter.requestCount('POST /v1/chat/completions')}`,
        model: body.model,
        created: Math.floor(Date.now() / 1000),
        tokens: generated.tokens.strs,
        finishReason: generated.finishReason,
        tokenMs: time.tokenMs,
        usage: body.stream_options?.include_usage ? usage : null,
      });
      return;
    }
    await slots.hold(serviceMs(time, prompt.ids.length, generated.tokens.ids.length));
    countInference(body.model, match);
    const logprob = Math.log(generated.tokenProbability);
    const entry = (token: string, lp: number) => ({ token, logprob: lp, bytes: [...Buffer.from(token, 'utf8')] });
    res.json({
      id: `chatcmpl-sim-${counter.requestCount('POST /v1/chat/completions')}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: body.model,
      system_fingerprint: SIMULATOR_FINGERPRINT,
      choices: [{
        index: 0,
        message: { role: 'assistant', content: generated.tokens.strs.join('') },
        logprobs: body.logprobs
          ? {
              content: generated.tokens.strs.map((t) => ({
                ...entry(t, logprob),
                top_logprobs: [entry(t, logprob), entry(ALTERNATIVE, logprob - 1)].slice(0, Math.max(1, body.top_logprobs ?? 1)),
              })),
            }
          : null,
        finish_reason: generated.finishReason,
      }],
      usage,
    });
  });

  app.post('/tokenize', (req, res) => {
    const isChat = req.body && typeof req.body === 'object' && 'messages' in req.body;
    const body = isChat ? parse(TokenizeChatRequest, req.body) : parse(TokenizePromptRequest, req.body);
    if (body.model !== undefined) stepOf(body.model);
    const text = 'messages' in body ? renderChat(body.messages as z.infer<typeof TokenizeChatRequest>['messages'], body.add_generation_prompt as boolean) : (body.prompt as string);
    const tokens = tokenize(text, body.add_special_tokens);
    res.json({ count: tokens.ids.length, max_model_len: maxModelLen, tokens: tokens.ids, token_strs: null });
  });
  app.post('/detokenize', (req, res) => {
    const body = parse(DetokenizeRequest, req.body);
    try {
      res.json({ prompt: detokenize(body.tokens) });
    } catch (error) {
      throw new HttpError(400, `tokens: ${(error as Error).message}`);
    }
  });

  app.post('/v1/load_lora_adapter', (req, res) => {
    const body = parse(LoadLoraRequest, req.body);
    if (adapters.has(body.lora_name)) throw new HttpError(400, `The lora adapter '${body.lora_name}' has already been loaded.`);
    adapters.set(body.lora_name, body.lora_path);
    const effective = effectiveStepAt(body.lora_path);
    if (effective !== null) effectiveSteps.set(body.lora_name, effective);
    else effectiveSteps.delete(body.lora_name);
    log(`[simulator] loaded LoRA adapter ${body.lora_name} from ${body.lora_path}`);
    res.type('text/plain').send(`Success: LoRA adapter '${body.lora_name}' added successfully.`);
  });
  app.post('/v1/unload_lora_adapter', (req, res) => {
    const body = parse(UnloadLoraRequest, req.body);
    effectiveSteps.delete(body.lora_name);
    if (!adapters.delete(body.lora_name)) throw new HttpError(404, `The lora adapter '${body.lora_name}' cannot be found.`, 'NotFoundError');
    log(`[simulator] unloaded LoRA adapter ${body.lora_name}`);
    res.type('text/plain').send(`Success: LoRA adapter '${body.lora_name}' removed successfully.`);
  });

  app.get('/simulator/stats', (_req, res) => {
    res.json({ ...counter.snapshot(), peakConcurrency: slots.peak() });
  });
  app.post('/simulator/stats/reset', (_req, res) => {
    counter.reset();
    slots.resetPeak();
    res.json({ ok: true });
  });

  app.use((req: Request) => {
    throw new HttpError(404, `${req.method} ${req.path} is not a route of the simulator`, 'NotFoundError');
  });
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    // vLLM's error body shape.
    const status = error instanceof HttpError ? error.status : (error as { status?: number }).status ?? 500;
    const message = error instanceof Error ? error.message : String(error);
    const type = error instanceof HttpError ? error.type : status === 400 ? 'BadRequestError' : 'InternalServerError';
    res.status(status).json({ object: 'error', message: `[simulator] ${message}`, type, param: null, code: status });
  });

  const server = app.listen(options.port ?? 0, options.host ?? '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${options.host ?? '127.0.0.1'}:${port}`;
  log(`[simulator] simulated model server (no real model) on ${url}: ${index.size} known examples, base model "${baseModel}"`);
  return {
    url,
    port,
    stats: () => ({ ...counter.snapshot(), peakConcurrency: slots.peak() }),
    resetStats: () => {
      counter.reset();
      slots.resetPeak();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
