/** Marks the line on which a child bench process prints its result (with-node-flags.ts). */
export const BENCH_RESULT_MARK = '@@bench-result ';
