/**
 * How long a simulated request occupies the GPU: `baseMs + promptTokens · promptTokenMs +
 * outputTokens · tokenMs`, in one of `maxConcurrency` slots (requests beyond wait their turn,
 * like a continuous-batching server at capacity).
 */
export interface ServiceTime {
  maxConcurrency: number;
  baseMs: number;
  promptTokenMs: number;
  tokenMs: number;
}

export const DEFAULT_SERVICE_TIME: ServiceTime = { maxConcurrency: 64, baseMs: 0, promptTokenMs: 0, tokenMs: 0 };

export function serviceMs(time: ServiceTime, promptTokens: number, outputTokens: number): number {
  return time.baseMs + promptTokens * time.promptTokenMs + outputTokens * time.tokenMs;
}

/** Requests per second the server completes when every slot is busy with such requests. */
export function saturationThroughput(time: ServiceTime, promptTokens: number, outputTokens: number): number {
  const ms = serviceMs(time, promptTokens, outputTokens);
  return ms > 0 ? (time.maxConcurrency * 1000) / ms : Infinity;
}

/** The slots: `hold(ms)` waits for a free slot, keeps it `ms`, and frees it. */
export function createSlots(maxConcurrency: number) {
  let busy = 0;
  let peak = 0;
  const waiting: (() => void)[] = [];
  return {
    async hold(ms: number): Promise<void> {
      if (busy >= maxConcurrency) await new Promise<void>((resolve) => waiting.push(resolve));
      else busy += 1;
      peak = Math.max(peak, busy);
      try {
        if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
      } finally {
        const next = waiting.shift();
        if (next) next();
        else busy -= 1;
      }
    },
    peak: () => peak,
    resetPeak: () => {
      peak = busy;
    },
  };
}
