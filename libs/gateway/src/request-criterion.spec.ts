import { describe, expect, it } from '@jest/globals';
import { requestChoice } from './request-criterion.js';

describe('the criterion and conversation of a request', () => {
  it('takes the header first, then metadata.criterion, else the configured one', () => {
    expect(requestChoice({}, {}, 'speed')).toEqual({ ok: true, criterion: 'speed', conversationId: null });
    expect(requestChoice({}, { metadata: { criterion: 'creativity' } }, 'speed')).toEqual({ ok: true, criterion: 'creativity', conversationId: null });
    expect(requestChoice({ 'x-flywheel-criterion': 'cost' }, { metadata: { criterion: 'creativity' } }, 'speed')).toEqual({ ok: true, criterion: 'cost', conversationId: null });
  });

  it('reads a conversation id only under continuity, header first', () => {
    expect(requestChoice({ 'x-flywheel-conversation-id': 'c-1' }, {}, 'speed')).toEqual({ ok: true, criterion: 'speed', conversationId: null });
    expect(requestChoice({ 'x-flywheel-conversation-id': 'c-1' }, { metadata: { conversation_id: 'c-2' } }, 'continuity')).toEqual({ ok: true, criterion: 'continuity', conversationId: 'c-1' });
    expect(requestChoice({}, { metadata: { criterion: 'continuity', conversation_id: 'user@example.com:7' } }, 'cost')).toEqual({ ok: true, criterion: 'continuity', conversationId: 'user@example.com:7' });
    expect(requestChoice({}, { metadata: { criterion: 'continuity' } }, 'cost')).toEqual({ ok: true, criterion: 'continuity', conversationId: null });
  });
});

describe('hostile input: criterion and conversation id from a request', () => {
  const accepted = 'cost, accuracy, creativity, speed, continuity';

  it('refuses a criterion outside the five, whatever its shape, naming where it came from', () => {
    for (const [value, shown] of [['Speed', '"Speed"'], ['__proto__', '"__proto__"'], ['speed, cost', '"speed, cost"'], [['speed'], 'object'], [1, 'number']] as const) {
      expect(requestChoice({}, { metadata: { criterion: value } }, 'speed')).toEqual({
        ok: false, code: 'invalid_criterion', param: 'metadata.criterion', message: `metadata.criterion must be one of ${accepted}; got ${shown}`,
      });
    }
    const long = 'x'.repeat(5000);
    const refused = requestChoice({ 'x-flywheel-criterion': long }, {}, 'speed');
    expect(refused).toEqual({ ok: false, code: 'invalid_criterion', param: 'x-flywheel-criterion', message: `x-flywheel-criterion must be one of ${accepted}; got "${'x'.repeat(100)}"` });
  });

  it('refuses a conversation id that is not short and plain: no spaces, braces (a Redis hash tag), newlines or 129 characters', () => {
    for (const id of ['a b', '{flywheel:other}', 'a\nb', 'x'.repeat(129), 'a*', 42]) {
      expect(requestChoice({}, { metadata: { criterion: 'continuity', conversation_id: id } }, 'speed')).toMatchObject({ ok: false, code: 'invalid_conversation_id', param: 'metadata.conversation_id' });
    }
    expect(requestChoice({ 'x-flywheel-conversation-id': '../x y' }, {}, 'continuity')).toMatchObject({ ok: false, param: 'x-flywheel-conversation-id' });
    expect(requestChoice({}, { metadata: { criterion: 'continuity', conversation_id: 'x'.repeat(128) } }, 'speed')).toMatchObject({ ok: true, conversationId: 'x'.repeat(128) });
  });
});
