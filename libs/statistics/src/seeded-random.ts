// Math's functions are taken once: looked up on the global per call they are ~100× slower
// inside Jest's VM contexts, which turned seconds of bootstrap into minutes.
const { imul } = Math;

/**
 * A small seeded PRNG (mulberry32): the bootstrap must give the same interval for the same
 * data, so a status file does not flicker between runs on unchanged checkpoints.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = imul(t ^ (t >>> 15), t | 1);
    t ^= t + imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
