import { describe, expect, it } from '@jest/globals';
import { publicErrorBody, publicErrorText } from './public-error-text.js';

describe('public error text', () => {
  it('keeps what failed and drops where: paths become their last part, URLs and addresses a placeholder', () => {
    expect(publicErrorText("the gateway has not written its performance file yet: /srv/TRAINING/status/gateway_performance.json (it saves …)"))
      .toBe('the gateway has not written its performance file yet: gateway_performance.json (it saves …)');
    expect(publicErrorText("EACCES: permission denied, open '/home/ml/TRAINING/status/x.json'")).toBe("EACCES: permission denied, open 'x.json'");
    expect(publicErrorText('deployed: http://10.0.0.5:8000: ECONNREFUSED')).toBe('deployed: [url]: ECONNREFUSED');
    expect(publicErrorText('redis://:s3cret@redis.internal:6379/0 is down')).toBe('[url] is down');
    expect(publicErrorText('connect ECONNREFUSED 127.0.0.1:6379')).toBe('connect ECONNREFUSED [address]');
    expect(publicErrorText('file=/tmp/a/b/')).toBe('file=b');
  });

  it("leaves routes, relative names and plain words alone", () => {
    const kept = ['no route GET /v1/nothing/here', 'not found /api/checkpoints/checkpoint-1/pin', 'status/regression_monitoring.json (file): not valid JSON', 'a/b and 3/4 of them', 'ratio 1:2'];
    for (const text of kept) expect(publicErrorText(text)).toBe(text);
  });

  it('applies to every string of a body, nested, and keeps other values', () => {
    expect(publicErrorBody({ error: 'open /x/y/z.json', status: 500, file: '/x/y/z.json', list: ['http://h:1/p', 2, null] }))
      .toEqual({ error: 'open z.json', status: 500, file: 'z.json', list: ['[url]', 2, null] });
  });
});
