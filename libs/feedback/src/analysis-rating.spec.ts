import { describe, expect, it } from '@jest/globals';
import { correctionTrainingLine } from './correction-line.js';
import { recordOfAnalysis } from './analysis-rating.js';

describe('rating an alert analysis', () => {
  const analysis = { analysis_id: 'an-17-0', model: 'served-7b', prompt: 'Alerts (1): …', answer: 'Why: the GPU is out of memory.' };
  const at = new Date('2026-11-25T12:00:00.000Z');

  it('stores it under analysis:<id> with the analysis prompt and answer', () => {
    expect(recordOfAnalysis({ source: 'analysis', analysis_id: 'an-17-0', rating: 'good' }, analysis, at)).toEqual({
      request_id: 'analysis:an-17-0', rating: 'good', at: '2026-11-25T12:00:00.000Z', model: 'served-7b', prompt: 'Alerts (1): …',
      original_completion: 'Why: the GPU is out of memory.', skill: 'alert_analysis',
    });
  });

  it('turns a bad one with a correction into a training line: the prompt answered with the correction', () => {
    const record = recordOfAnalysis({ source: 'analysis', analysis_id: 'an-17-0', rating: 'bad', correction: 'Why: checkpoint-300 regressed on math.' }, analysis, at);
    const system = { role: 'system' as const, content: 'You are the on-call assistant.' };
    const line = correctionTrainingLine(record, { conversation: [system, { role: 'user', content: analysis.prompt }] });
    expect(line).toMatchObject({
      messages: [system, { role: 'user', content: 'Alerts (1): …' }, { role: 'assistant', content: 'Why: checkpoint-300 regressed on math.' }],
      request_id: 'analysis:an-17-0', original_completion: 'Why: the GPU is out of memory.', model_failed: 'served-7b', skill: 'alert_analysis',
    });
  });
});
