import { analysisRequestId, FeedbackRecord, type AlertAnalysisRecord, type AnalysisRating } from '@flywheel/contracts';

/**
 * A rating of an alert analysis as a stored rating: keyed `analysis:<id>` (re-rating replaces
 * it), the analysis prompt as what was asked and its answer as what was rated, so a bad one
 * with a correction becomes a training line like any other.
 */
export function recordOfAnalysis(rating: AnalysisRating, analysis: Pick<AlertAnalysisRecord, 'analysis_id' | 'model' | 'prompt' | 'answer'>, at: Date): FeedbackRecord {
  const { source: _source, analysis_id: _id, ...given } = rating;
  return FeedbackRecord.parse({
    ...given,
    request_id: analysisRequestId(analysis.analysis_id),
    at: at.toISOString(),
    model: analysis.model,
    prompt: analysis.prompt,
    original_completion: analysis.answer,
    skill: 'alert_analysis',
  });
}
