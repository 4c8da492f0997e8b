import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the test upstream does with the next requests, switched by the test. */
export type UpstreamMode = 'ok' | 'fail' | 'rate-limit' | 'bad-request' | 'break-stream';

export interface TestUpstreamOptions {
  /** The model its /v1/models lists. */
  model?: string;
  /** The streamed answer, one SSE event per piece. */
  pieces?: string[];
  /** Awaited after the first streamed event (or audio chunk) is written (a slow upstream, held by the test). */
  afterFirstChunk?: () => Promise<void>;
  /** The speech `/v1/audio/speech` answers, written in these chunks as `audio/mpeg`. */
  audio?: Buffer[];
  /** What `GET /v1/videos/video_<model>/content` answers as `video/mp4`, in these chunks. */
  video?: Buffer[];
}

/** What `/v1/images/generations` answers (OpenAI's ImagesResponse shape), the model's name inside. */
export function testImageAnswer(model: string) {
  return { created: 1_764_806_400, data: [{ b64_json: Buffer.from(`image by ${model}`).toString('base64'), revised_prompt: 'a red fox' }], usage: { input_tokens: 9, output_tokens: 272, total_tokens: 281 } };
}

/** What `/v1/videos` answers (OpenAI's Video job shape). */
export function testVideoAnswer(model: string) {
  return { id: `video_${model}`, object: 'video', model, status: 'queued', progress: 0, created_at: 1_764_806_400, seconds: '4', size: '720x1280' };
}

export interface TestUpstream {
  url: string;
  mode: UpstreamMode;
  /** The model it serves (a request for another is a 404, as vLLM answers); change it to mimic a redeploy. */
  model: string;
  /** Every request received but /v1/models: path and JSON body. */
  requests: { path: string; body: Record<string, unknown> }[];
  /** Each streamed answer (SSE or audio), as the exact byte chunks written. */
  streams: Buffer[][];
  /** Streamed answers whose connection closed before their end (the gateway hung up, or `break-stream`). */
  abandoned: number;
  close(): Promise<void>;
}

/**
 * A small real OpenAI-shaped server (node:http) that streams by SSE, answers OpenAI's image,
 * speech (binary, in chunks) and video routes, and fails on command:
 * the far side of the gateway's tests and its benchmark. (The simulator streams chat only, without a hold between chunks the test can control.)
 */
export async function startTestUpstream(options: TestUpstreamOptions = {}): Promise<TestUpstream> {
  const pieces = options.pieces ?? ['Hello', ' from', ' upstream'];
  const upstream: TestUpstream = { url: '', mode: 'ok', model: options.model ?? 'test-model', requests: [], streams: [], abandoned: 0, close: async () => undefined };

  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.method === 'GET' && req.url === '/v1/models') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ object: 'list', data: [{ id: upstream.model, object: 'model' }] }));
      return;
    }
    if (req.method === 'GET' && (req.url ?? '').startsWith('/v1/videos/')) {
      upstream.requests.push({ path: req.url ?? '', body: {} });
      const [, id, rest] = /^\/v1\/videos\/([^/?]+)(.*)$/.exec(req.url ?? '')!;
      if (upstream.mode === 'fail') return void res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":{"message":"failing on command"}}');
      if (id !== `video_${upstream.model}`) return void res.writeHead(404, { 'content-type': 'application/json' }).end(`{"error":{"message":"no video ${id}"}}`);
      if (rest === '') return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ...testVideoAnswer(upstream.model), status: 'completed', progress: 100 }));
      res.writeHead(200, { 'content-type': 'video/mp4' });
      for (const piece of options.video ?? [Buffer.from('mp4 bytes')]) res.write(piece);
      return void res.end();
    }
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
    upstream.requests.push({ path: req.url ?? '', body });
    const chat = req.url === '/v1/chat/completions';
    const json = (status: number, value: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
    if (upstream.mode === 'fail') return json(500, { error: { message: 'failing on command', type: 'InternalServerError' } });
    if (upstream.mode === 'rate-limit') return json(429, { error: { message: 'slow down', type: 'RateLimitError' } });
    if (upstream.mode === 'bad-request') return json(400, { error: { message: 'max_tokens is too large', type: 'BadRequestError' } });
    if (body['model'] !== upstream.model) return json(404, { error: { message: `The model \`${String(body['model'])}\` does not exist.`, type: 'NotFoundError' } });
    if (req.url === '/v1/images/generations') return json(200, testImageAnswer(upstream.model));
    if (req.url === '/v1/videos') return json(200, testVideoAnswer(upstream.model));
    if (req.url === '/v1/audio/speech') {
      const audio = options.audio ?? [Buffer.from([0xff, 0xf3, 0x44, 0xc4]), Buffer.from([0x00, 0x01, 0x02, 0x03])];
      const sent: Buffer[] = [];
      upstream.streams.push(sent);
      res.writeHead(200, { 'content-type': 'audio/mpeg' });
      for (let i = 0; i < audio.length; i++) {
        sent.push(audio[i]!);
        res.write(audio[i]);
        if (i === 0) await options.afterFirstChunk?.();
      }
      res.end();
      return;
    }
    if (body['stream'] !== true) {
      const text = pieces.join('');
      return json(200, {
        id: 'cmpl-test',
        object: chat ? 'chat.completion' : 'text_completion',
        model: body['model'],
        choices: [chat ? { index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' } : { index: 0, text, finish_reason: 'stop' }],
        usage: { prompt_tokens: 5, completion_tokens: pieces.length, total_tokens: 5 + pieces.length },
      });
    }
    const sent: Buffer[] = [];
    upstream.streams.push(sent);
    res.once('close', () => {
      if (!res.writableFinished) upstream.abandoned += 1;
    });
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    for (let i = 0; i < pieces.length; i++) {
      const choice = chat ? { index: 0, delta: { content: pieces[i] }, finish_reason: null } : { index: 0, text: pieces[i], finish_reason: null };
      const chunk = Buffer.from(`data: ${JSON.stringify({ id: 'cmpl-test', model: body['model'], choices: [choice] })}\n\n`);
      sent.push(chunk);
      res.write(chunk);
      if (i === 0) {
        if (upstream.mode === 'break-stream') {
          // Give the first event time to leave, then cut the connection.
          setTimeout(() => res.destroy(), 50);
          return;
        }
        await options.afterFirstChunk?.();
      }
    }
    const done = Buffer.from('data: [DONE]\n\n');
    sent.push(done);
    res.end(done);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  upstream.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  upstream.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return upstream;
}
