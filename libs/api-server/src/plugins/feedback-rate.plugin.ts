import { findAnalysis } from '@flywheel/alert-analysis';
import {
  AnalysisRating,
  FeedbackRating,
  FeedbackRecord,
  PreviewRating,
  previewRequestId,
  type ChatMessage,
  type Difficulty,
} from '@flywheel/contracts';
import {
  appendRating,
  correctionTrainingLine,
  publishRecord,
  ratingsFile,
  readGatewayRequest,
  recordOfAnalysis,
  recordOfRequest,
} from '@flywheel/feedback';
import path from 'node:path';
import { listEvaluatedCheckpoints, newestResult } from '../eval-results.js';
import { admitCorrection } from '../admit-correction.js';
import { HttpError } from '../errors.js';
import { parseJsonBody } from '../json-body.js';
import { definePlugin, type PluginContext } from '../plugin.js';
import { examplesById, promptText } from '../previews.js';
import { EXAMPLE_SET } from './previews.plugin.js';

// Strict: a misspelt `corection` must not be dropped silently with the user's text in it.
const RequestRatingBody = FeedbackRating.strict();
const PreviewRatingBody = PreviewRating.strict();
const AnalysisRatingBody = AnalysisRating.strict();

/** A rating joined with what it rates, and how its correction is best put as a training line. */
interface Joined {
  record: FeedbackRecord;
  conversation?: readonly ChatMessage[];
  difficulty?: Difficulty;
}

async function joinGatewayRequest(rating: FeedbackRating, context: PluginContext, at: Date): Promise<Joined> {
  if (!context.redis) throw new HttpError(503, 'rating a gateway request needs Redis (where the gateway keeps recent requests), and the API has none configured');
  const request = await readGatewayRequest(context.redis, context.run, rating.request_id);
  if (!request) {
    throw new HttpError(404, `request_id: no gateway request "${rating.request_id}" (unknown, or older than the gateway keeps requests for rating)`, { field: 'request_id', request_id: rating.request_id });
  }
  if (request.outcome === 'error') {
    throw new HttpError(409, `request_id: gateway request "${rating.request_id}" failed (${request.error ?? 'no answer'}): there is no answer to rate`, { field: 'request_id', request_id: rating.request_id });
  }
  return { record: recordOfRequest(rating, request, at) };
}

/** A dashboard preview: the evaluator's answer of `checkpoint` to a validation example. */
async function joinPreview(rating: PreviewRating, context: PluginContext, at: Date): Promise<Joined> {
  const evaluated = await listEvaluatedCheckpoints(path.join(context.statusStore.statusDir, 'evals'));
  const checkpoint = evaluated.find((c) => c.checkpoint === rating.checkpoint);
  const result = checkpoint ? await newestResult(checkpoint, EXAMPLE_SET) : null;
  if (!result) throw new HttpError(404, `checkpoint: no evaluation records for ${rating.checkpoint} on the ${EXAMPLE_SET} set`, { field: 'checkpoint', checkpoint: rating.checkpoint });
  const answer = result.records.find((r) => r.exampleId === rating.example_id);
  if (!answer) throw new HttpError(404, `example_id: ${rating.checkpoint} has no record of example "${rating.example_id}"`, { field: 'example_id', example_id: rating.example_id });
  const example = (await examplesById(context.dataDir, EXAMPLE_SET)).get(rating.example_id);
  if (!example) throw new HttpError(404, `example_id: example "${rating.example_id}" is no longer in the ${EXAMPLE_SET} set, so its prompt is unknown`, { field: 'example_id', example_id: rating.example_id });
  const { source: _source, checkpoint: _checkpoint, example_id: _exampleId, ...given } = rating;
  const record = FeedbackRecord.parse({
    ...given,
    request_id: previewRequestId(rating.checkpoint, rating.example_id),
    at: at.toISOString(),
    model: rating.checkpoint,
    prompt: promptText(example),
    original_completion: answer.prediction,
    skill: answer.skill,
  });
  return { record, conversation: example.messages, difficulty: example.difficulty };
}

/** An alert analysis (`status/alert_analyses.jsonl`): its prompt was asked, its answer is rated. */
async function joinAnalysis(rating: AnalysisRating, context: PluginContext, at: Date): Promise<Joined> {
  const analysis = await findAnalysis(context.statusStore.statusDir, rating.analysis_id, context.jsonlRotation);
  if (!analysis) throw new HttpError(404, `analysis_id: no alert analysis "${rating.analysis_id}" in alert_analyses.jsonl`, { field: 'analysis_id', analysis_id: rating.analysis_id });
  if (analysis.status !== 'complete') {
    throw new HttpError(409, `analysis_id: analysis "${rating.analysis_id}" is ${analysis.status} (${analysis.error ?? 'no answer'}): there is no answer to rate yet`, { field: 'analysis_id', analysis_id: rating.analysis_id });
  }
  return { record: recordOfAnalysis(rating, analysis, at), conversation: analysis.messages };
}

/**
 * `POST /api/monitor/training/rate` (bearer token): a good/bad rating of a gateway request
 * (`request_id`), of a dashboard preview (`source: "preview"`, `checkpoint`, `example_id`) or of an
 * alert analysis (`source: "analysis"`, `analysis_id`).
 * Appended to `status/feedback/ratings.jsonl` and (a gateway request's) to the `feedback`
 * stream; a bad rating's correction also becomes a training line in `queue/corrections/`.
 * 201 with the record.
 */
export const feedbackRatePlugin = definePlugin({
  name: 'feedback-rate',
  route: '/api/monitor/training/rate',
  method: 'POST',
  handler: async (req, res, context) => {
    const body: unknown = req.body;
    const source = typeof body === 'object' && body !== null && 'source' in body ? (body as { source: unknown }).source : undefined;
    const isPreview = source !== undefined && source !== 'analysis';
    const isAnalysis = source === 'analysis';
    const rating = isAnalysis ? parseJsonBody(AnalysisRatingBody, body) : isPreview ? parseJsonBody(PreviewRatingBody, body) : parseJsonBody(RequestRatingBody, body);
    if (rating.correction !== undefined && rating.rating !== 'bad') {
      throw new HttpError(400, 'correction: a correction goes with a bad rating', { field: 'correction' });
    }
    const at = context.now();
    const { record, conversation, difficulty } = isAnalysis
      ? await joinAnalysis(rating as AnalysisRating, context, at)
      : isPreview
        ? await joinPreview(rating as PreviewRating, context, at)
        : await joinGatewayRequest(rating as FeedbackRating, context, at);

    await appendRating(ratingsFile(context.statusStore.statusDir), record, context.jsonlRotation);
    const line = correctionTrainingLine(record, { conversation, difficulty });
    let correctionFile: string | null = null;
    let correctionRefused: string | null = null;
    if (line && context.queueDir) {
      const admitted = await admitCorrection(context.queueDir, context.dataDir, line, at, context.productionSettings().safety.redact);
      correctionFile = admitted.file && path.relative(context.queueDir, admitted.file);
      correctionRefused = admitted.refused;
      if (correctionRefused) context.logger.warn({ request_id: record.request_id, reason: correctionRefused }, 'correction kept out of the training queue');
    } else if (line) {
      context.logger.warn({ request_id: record.request_id }, 'no queue folder configured: the correction is stored with the rating but not queued for training');
    }
    let streamId: string | null = null;
    // Only ratings of production traffic go to the stream: the gateway and the production
    // monitor read it as users' verdicts on deployed models, which a preview or an alert analysis is not.
    if (context.redis && !isPreview && !isAnalysis) {
      try {
        streamId = await publishRecord(context.redis, context.run, record);
      } catch (error) {
        // The rating is on disk already; the monitor misses this one, the export does not.
        context.logger.warn({ err: error, request_id: record.request_id }, 'rating stored but not added to the feedback stream');
      }
    }
    context.logger.info({ request_id: record.request_id, rating: record.rating, correction_file: correctionFile }, 'rating stored');
    res.status(201).json({ record, correction_file: correctionFile, correction_refused: correctionRefused, stream_id: streamId });
  },
});
