import { describe, expect, it } from '@jest/globals';
import { callerRequestIdFrom, gatewayRequestId } from './request-id.js';

describe('hostile input: caller-chosen request ids', () => {
  it("keeps a caller's well-formed id as a reference and drops anything else", () => {
    expect(callerRequestIdFrom('req-42.a:b_c')).toBe('req-42.a:b_c');
    expect(callerRequestIdFrom(['first', 'second'])).toBe('first');
    expect(callerRequestIdFrom(undefined)).toBeNull();
    expect(callerRequestIdFrom('has space')).toBeNull();
    expect(callerRequestIdFrom('x'.repeat(129))).toBeNull();
    expect(callerRequestIdFrom('{flywheel:x}')).toBeNull();
  });

  it('makes a new UUID for every request, whatever the caller sent', () => {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    const a = gatewayRequestId();
    expect(a).toMatch(uuid);
    expect(gatewayRequestId()).not.toBe(a);
  });
});
