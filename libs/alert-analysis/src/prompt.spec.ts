import { describe, expect, it } from '@jest/globals';
import type { RecordedAlert } from '@flywheel/contracts';
import { analysisMessages, analysisPrompt, ANALYSIS_SYSTEM_PROMPT } from './prompt.js';

const alert: RecordedAlert = {
  id: '5-0', kind: 'regression', severity: 'P1', at: '2026-11-25T12:00:00.000Z', source: 'regression_monitoring.json', subject: 'checkpoint-400',
  summary: 'checkpoint-400 regressed: loss up 30.0%', details: { increase_percent: 30 },
};

describe('analysis prompt', () => {
  it('lists the alerts with their numbers, then each piece of evidence under its heading, and what is missing', () => {
    const prompt = analysisPrompt([alert], {
      statuses: { 'regression_monitoring.json': { regression_detected: true } },
      failedExamples: [{ checkpoint: 'checkpoint-400', exampleId: 'math-3', skill: 'math', difficulty: 'hard', prediction: '41' }],
      traffic: [{ at: '2026-11-25T11:59:00.000Z', model: 'deployed', outcome: 'error', latency_ms: 5000, skill: null, prompt: 'hi', output: '', error: 'upstream 502' }],
      missing: ['llm_health.json (not written yet)'],
    });
    expect(prompt.split('\n')).toEqual([
      'Alerts (1):',
      '- [P1] regression at 2026-11-25T12:00:00.000Z from regression_monitoring.json: checkpoint-400 regressed: loss up 30.0%',
      '  numbers: {"increase_percent":30}',
      '',
      'Status regression_monitoring.json:',
      '{"regression_detected":true}',
      '',
      'Validation examples the checkpoint got wrong (1):',
      '- checkpoint-400 math-3 (math, hard): answered "41"',
      '',
      'Recent production requests, newest first (1):',
      '- 2026-11-25T11:59:00.000Z deployed error 5000 ms: asked "hi" → error "upstream 502"',
      '',
      'Not available: llm_health.json (not written yet)',
    ]);
  });

  it('leaves out empty sections', () => {
    expect(analysisPrompt([alert], { statuses: {}, failedExamples: [], traffic: [], missing: [] }).split('\n')).toHaveLength(3);
  });

  it('sends the system prompt, then the prompt as the user turn', () => {
    expect(analysisMessages('p')).toEqual([{ role: 'system', content: ANALYSIS_SYSTEM_PROMPT }, { role: 'user', content: 'p' }]);
  });
});
