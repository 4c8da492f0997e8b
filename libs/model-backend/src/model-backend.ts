import type { ChatMessage, GenerationParams, GoldenScore, Unsupported } from '@flywheel/contracts';

/** What a prompt is: ChatML messages (chat template applied by the server) or plain text. */
export type PromptInput = { messages: ChatMessage[] } | { prompt: string };

/** One generated token with its logprob. */
export interface TokenLogprob {
  token: string;
  logprob: number;
}

export interface Generation {
  text: string;
  /** Logprobs of the generated tokens, in order; Unsupported when the backend gives none. */
  tokens: TokenLogprob[] | Unsupported;
  /** Tokens the server reports it generated (usage.completion_tokens, else tokens.length). */
  outputTokens: number;
  latencyMs: number;
}

/** What a backend can do; declared per profile, never assumed. */
export interface BackendCapabilities {
  /** logprobs on /v1/chat/completions. */
  chatLogprobs: boolean;
  /** logprobs on /v1/completions. */
  completionLogprobs: boolean;
  /** echo + prompt logprobs on /v1/completions (teacher-forced scoring). */
  echoLogprobs: boolean;
  /** A tokenize endpoint that can render a chat template (vLLM `/tokenize` with `messages`). */
  tokenizeChat: boolean;
  /** A tokenize endpoint for plain text. */
  tokenize: boolean;
  /** vLLM-style `/v1/load_lora_adapter` and `/v1/unload_lora_adapter`. */
  loraHotLoad: boolean;
}

export type BackendProfileName = 'vllm' | 'sglang' | 'tgi' | 'llamacpp' | 'ollama' | 'openai';

export interface BackendProfile {
  name: BackendProfileName;
  capabilities: BackendCapabilities;
}

/** A model server endpoint, as a serving strategy hands it out. */
export interface Endpoint {
  /** e.g. http://127.0.0.1:8000 (no trailing /v1). */
  baseUrl: string;
  /** The `model` field to send (served model name or LoRA adapter name). */
  model: string;
  profile: BackendProfile;
  apiKey?: string;
}

/** The client every evaluation goes through. */
export interface ModelBackend {
  readonly endpoint: Endpoint;
  /** Greedy generation with token logprobs (when the profile can). */
  generate(input: PromptInput, params: GenerationParams): Promise<Generation>;
  /**
   * Teacher-forced log-likelihood of `continuation` after the prompt (lm-evaluation-harness
   * style: echo + logprobs, max_tokens 1, continuation tokens only). Unsupported when the
   * backend cannot give prompt logprobs.
   */
  scoreContinuation(input: PromptInput, continuation: string): Promise<GoldenScore | Unsupported>;
}

/** Errors a caller can tell apart: the server is down, answered in an unexpected shape, or refused. */
export class BackendError extends Error {
  constructor(
    message: string,
    readonly kind: 'unreachable' | 'timeout' | 'http' | 'shape',
    readonly url: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'BackendError';
  }
}

/** Which checkpoint is served: hands out an endpoint serving it, and takes it back. */
export interface ServingStrategy {
  readonly name: 'fixed' | 'command' | 'lora';
  serve(checkpoint: { name: string; path: string }): Promise<ServedCheckpoint>;
}
export interface ServedCheckpoint {
  endpoint: Endpoint;
  /** Stops what `serve` started (a process, a loaded adapter); safe to call twice. */
  release(): Promise<void>;
}
