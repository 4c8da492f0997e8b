import type { BackendProfile, BackendProfileName } from './model-backend.js';

/**
 * What each server can do through its OpenAI-compatible API. Declared, never probed and
 * assumed: a capability marked false makes the figure "unsupported" rather than a guess.
 * Where a server's support is unclear or version-dependent, it is marked false.
 */
export const BACKEND_PROFILES: Record<BackendProfileName, BackendProfile> = {
  vllm: {
    name: 'vllm',
    capabilities: {
      chatLogprobs: true, // /v1/chat/completions `logprobs` + `top_logprobs` (OpenAI shape)
      completionLogprobs: true, // /v1/completions `logprobs: n` (legacy shape with text_offset)
      echoLogprobs: true, // `echo: true` returns prompt logprobs: what lm-evaluation-harness scores with
      tokenize: true, // POST /tokenize {model, prompt, add_special_tokens} → {tokens}
      tokenizeChat: true, // POST /tokenize {model, messages, add_generation_prompt} renders the chat template
      loraHotLoad: true, // /v1/load_lora_adapter (needs VLLM_ALLOW_RUNTIME_LORA_UPDATING=True)
    },
  },
  sglang: {
    name: 'sglang',
    capabilities: {
      chatLogprobs: true, // OpenAI-compatible chat logprobs
      completionLogprobs: true,
      echoLogprobs: false, // prompt logprobs go through its native /generate (logprob_start_len), not echo
      tokenize: false,
      tokenizeChat: false,
      loraHotLoad: false, // its adapter endpoints differ from vLLM's
    },
  },
  tgi: {
    name: 'tgi',
    capabilities: {
      chatLogprobs: true, // Messages API: /v1/chat/completions with logprobs/top_logprobs
      completionLogprobs: false,
      echoLogprobs: false, // prompt logprobs only via its native /generate (decoder_input_details)
      tokenize: false, // its /tokenize answers in its own shape
      tokenizeChat: false,
      loraHotLoad: false, // adapters are fixed at launch (LORA_ADAPTERS)
    },
  },
  llamacpp: {
    name: 'llamacpp',
    capabilities: {
      chatLogprobs: true, // llama-server: OpenAI-compatible logprobs on /v1/chat/completions
      completionLogprobs: true, // /v1/completions `logprobs`
      echoLogprobs: false, // no prompt logprobs through echo
      tokenize: false, // /tokenize takes {content} and answers in its own shape
      tokenizeChat: false,
      loraHotLoad: false, // /lora-adapters only rescales adapters loaded at start
    },
  },
  ollama: {
    name: 'ollama',
    capabilities: {
      chatLogprobs: true, // /v1/chat/completions logprobs (recent releases; older ones send none → unsupported)
      completionLogprobs: false,
      echoLogprobs: false, // no echo
      tokenize: false,
      tokenizeChat: false,
      loraHotLoad: false,
    },
  },
  openai: {
    name: 'openai',
    capabilities: {
      chatLogprobs: true,
      completionLogprobs: false, // legacy completions models only
      echoLogprobs: false, // echo with logprobs is refused by current models
      tokenize: false,
      tokenizeChat: false,
      loraHotLoad: false,
    },
  },
};

export function backendProfile(name: BackendProfileName): BackendProfile {
  return BACKEND_PROFILES[name];
}
