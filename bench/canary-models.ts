// Generative models of live traffic for the canary bench: each request has a skill, a time,
// an arm drawn at random (the gateway's split), and an outcome: an error of the model's, or an
// answer of latent quality q that may get a user rating and a judge score, each with mean q
// exactly (a good/bad rating is Bernoulli(q); a 1–5 score is 1 + Binomial(4, q); a judge score
// is the mean of 8 Bernoulli(q)), so the expected live quality of an arm is known in closed
// form and "10 points worse" can be set exactly. The models differ in base quality, how noisy
// and how sparse the signals are, the skill mix, and whether quality moves with skill and time
// for both arms alike (correlated) or not at all (independent).
import { rng } from './decision-models.js';

export interface TrafficRun {
  /** The next request: its time (ms), arm, skill, whether it errored, and its rating/judge score when it got them. */
  next(): { at: number; arm: 'canary' | 'champion'; skill: string; error: boolean; rating: number | null; judge: number | null };
  /** Expected live quality of each arm (per scored request), for the report. */
  expected: { canary: number; champion: number };
}

export interface TrafficModel {
  name: string;
  describe: string;
  /** A run where the canary's expected live quality is `worsePoints` below the champion's. */
  newRun(seed: number, share: number, worsePoints: number): TrafficRun;
}

interface Params {
  base: [number, number];
  errorRate: [number, number];
  ratingRate: [number, number];
  judgeRate: [number, number];
  fiveLevel: boolean;
  skills: [number, number];
  /** Spread of the shift shared by both arms per skill and per 10 minutes (0: independent outcomes). */
  shared: number;
  /** The canary is worse through errors rather than through its answers. */
  worseByErrors?: boolean;
}

/** Expected live quality per scored request: errors score 0 and are always scored; answers score q when rated or judged. */
const liveMean = (q: number, e: number, signal: number) => ((1 - e) * signal * q) / (e + (1 - e) * signal);

function model(name: string, describe: string, p: Params): TrafficModel {
  return {
    name,
    describe,
    newRun(seed, share, worsePoints) {
      const random = rng(seed);
      const u = ([a, b]: [number, number]) => a + (b - a) * random();
      const base = u(p.base);
      const e = u(p.errorRate);
      const rating = u(p.ratingRate);
      const judge = u(p.judgeRate);
      const signal = 1 - (1 - rating) * (1 - judge);
      const skillCount = Math.round(u(p.skills));
      const weights = Array.from({ length: skillCount }, () => 0.2 + random());
      const total = weights.reduce((s, w) => s + w, 0);
      const offsets = Array.from({ length: skillCount }, () => (random() - 0.5) * 0.16);
      const champion = liveMean(base, e, signal);
      let canaryQ = base;
      let canaryE = e;
      const drop = worsePoints / 100;
      if (drop > 0 && p.worseByErrors) {
        // The error rate that lowers the live mean by `drop`, the answers unchanged (bisection; the mean falls as errors rise).
        let lo = e;
        let hi = 0.99;
        for (let i = 0; i < 60; i++) {
          const mid = (lo + hi) / 2;
          if (liveMean(base, mid, signal) > champion - drop) lo = mid;
          else hi = mid;
        }
        canaryE = (lo + hi) / 2;
      } else if (drop > 0) {
        canaryQ = base - (drop * (e + (1 - e) * signal)) / ((1 - e) * signal);
      }
      const shifts = new Map<string, number>();
      const shiftOf = (skill: number, at: number) => {
        if (p.shared === 0) return 0;
        const key = `${skill}:${Math.floor(at / 600_000)}`;
        let s = shifts.get(key);
        if (s === undefined) shifts.set(key, (s = (random() - 0.5) * 2 * p.shared));
        return s;
      };
      const perSecond = 2;
      let t = 0;
      const bernoulliMean = (q: number, k: number) => {
        let hits = 0;
        for (let i = 0; i < k; i++) if (random() < q) hits++;
        return hits / k;
      };
      return {
        expected: { champion, canary: liveMean(canaryQ, canaryE, signal) },
        next() {
          t += (-Math.log(1 - random()) * 1000) / perSecond;
          const arm = random() < share ? 'canary' : 'champion';
          let pick = random() * total;
          let skill = 0;
          while (skill < skillCount - 1 && (pick -= weights[skill]!) > 0) skill++;
          const q = (arm === 'canary' ? canaryQ : base) + offsets[skill]! + shiftOf(skill, t);
          const error = random() < (arm === 'canary' ? canaryE : e);
          const rated = !error && random() < rating;
          const judged = !error && random() < judge;
          return {
            at: t, arm, skill: `s${skill}`, error,
            rating: rated ? (p.fiveLevel ? bernoulliMean(q, 4) : random() < q ? 1 : 0) : null,
            judge: judged ? bernoulliMean(q, 8) : null,
          };
        },
      };
    },
  };
}

export const TRAFFIC_MODELS: TrafficModel[] = [
  model('binary ratings, independent', 'quality 0.55–0.8, good/bad ratings on 10–50% of answers, 0.5–3% errors, 1–4 skills, no shared drift',
    { base: [0.55, 0.8], errorRate: [0.005, 0.03], ratingRate: [0.1, 0.5], judgeRate: [0, 0], fiveLevel: false, skills: [1, 4], shared: 0 }),
  model('1–5 scores, correlated', 'quality 0.5–0.8, 1–5 scores on 10–40%, errors 0.5–3%, 3–8 skills, both arms shifted ±0.08 per skill and 10 minutes',
    { base: [0.5, 0.8], errorRate: [0.005, 0.03], ratingRate: [0.1, 0.4], judgeRate: [0, 0], fiveLevel: true, skills: [3, 8], shared: 0.08 }),
  model('sparse ratings + judge', 'quality 0.55–0.8, ratings on 2–8%, judge scores on 20–50%, errors 0.2–1%, 2–6 skills, correlated ±0.05',
    { base: [0.55, 0.8], errorRate: [0.002, 0.01], ratingRate: [0.02, 0.08], judgeRate: [0.2, 0.5], fiveLevel: true, skills: [2, 6], shared: 0.05 }),
  model('worse through errors', 'quality 0.6–0.85, good/bad ratings on 20–60%, errors 0.5–2% (the worse canary fails more, its answers as good), 1–5 skills, correlated ±0.05',
    { base: [0.6, 0.85], errorRate: [0.005, 0.02], ratingRate: [0.2, 0.6], judgeRate: [0, 0], fiveLevel: false, skills: [1, 5], shared: 0.05, worseByErrors: true }),
];
