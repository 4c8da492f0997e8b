/** What the simulator counts, for tests and benchmarks: requests, and inferences per example. */
export interface SimulatorStats {
  simulator: true;
  requests: Record<string, number>;
  /** model → example id → kind → count. `generate`: an answer; `score`: a teacher-forced golden. */
  inferences: Record<string, Record<string, { generate: number; score: number }>>;
  /** Requests whose prompt matched no known example. */
  unknownPrompts: number;
  /** Most requests holding a service slot at once since the last reset. */
  peakConcurrency: number;
}

export function createStatsCounter() {
  let stats: Omit<SimulatorStats, 'peakConcurrency'> = { simulator: true, requests: {}, inferences: {}, unknownPrompts: 0 };
  return {
    request(route: string) {
      stats.requests[route] = (stats.requests[route] ?? 0) + 1;
    },
    inference(model: string, exampleId: string, kind: 'generate' | 'score') {
      const byExample = (stats.inferences[model] ??= {});
      (byExample[exampleId] ??= { generate: 0, score: 0 })[kind] += 1;
    },
    /** Requests so far on `route` (cheap: answer ids use it on every request). */
    requestCount: (route: string) => stats.requests[route] ?? 0,
    unknownPrompt() {
      stats.unknownPrompts += 1;
    },
    snapshot: () => structuredClone(stats),
    reset() {
      stats = { simulator: true, requests: {}, inferences: {}, unknownPrompts: 0 };
    },
  };
}
