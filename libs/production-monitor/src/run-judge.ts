import type { GatewayEvent, JudgeQuarantineEntry, JudgeScoreRecord, StatusIssue } from '@flywheel/contracts';
import type { ModelBackend } from '@flywheel/model-backend';
import { askJudge, parseJudgeReply } from './judge.js';
import { judgeRecord } from './judge-store.js';
import type { RequestSample } from './samples.js';

/** What one round of judging produced: scores to keep, replies to quarantine, and how many calls failed. */
export interface JudgeRound {
  records: JudgeScoreRecord[];
  quarantined: JudgeQuarantineEntry[];
  failed: number;
  errors: StatusIssue[];
}

/**
 * Asks the judge about each picked request. A reply that is no valid judgement is quarantined
 * with its reason (never counted as a score); a call that fails (server down, timeout) is
 * counted as an error. Neither stops the others: the monitor keeps running.
 */
export async function runJudge(backend: ModelBackend, picked: readonly { event: GatewayEvent; sample: RequestSample }[], judgeModel: string | null, nowMs: () => number): Promise<JudgeRound> {
  const round: JudgeRound = { records: [], quarantined: [], failed: 0, errors: [] };
  let lastError = '';
  await Promise.all(
    picked.map(async ({ event, sample }) => {
      let reply: string;
      try {
        reply = await askJudge(backend, event);
      } catch (error) {
        round.failed += 1;
        lastError = (error as Error).message;
        return;
      }
      try {
        sample.judged = parseJudgeReply(reply);
        round.records.push(judgeRecord(event, sample.judged, judgeModel, nowMs()));
      } catch (error) {
        round.quarantined.push({ request_id: event.id, at: new Date(nowMs()).toISOString(), judge_model: judgeModel, reason: (error as Error).message, reply: reply.slice(0, 500) });
      }
    }),
  );
  if (round.failed) round.errors.push({ source: 'judge', message: `${round.failed} of ${picked.length} judgements failed; last: ${lastError}` });
  if (round.quarantined.length) round.errors.push({ source: 'judge', message: `${round.quarantined.length} of ${picked.length} judge replies quarantined; last: ${round.quarantined.at(-1)!.reason}` });
  return round;
}
