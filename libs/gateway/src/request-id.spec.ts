import { describe, expect, it } from '@jest/globals';
import { requestIdFrom } from './request-id.js';

describe('request ids', () => {
  it("keeps a caller's well-formed id and replaces anything else with a UUID", () => {
    expect(requestIdFrom('req-42.a:b_c')).toBe('req-42.a:b_c');
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    expect(requestIdFrom(undefined)).toMatch(uuid);
    expect(requestIdFrom('has space')).toMatch(uuid);
    expect(requestIdFrom('x'.repeat(129))).toMatch(uuid);
    expect(requestIdFrom('{flywheel:x}')).toMatch(uuid);
  });
});
