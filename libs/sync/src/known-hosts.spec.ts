import { describe, expect, it } from '@jest/globals';
import { createHmac } from 'node:crypto';
import { checkHostKey, fingerprint, keyType, knownHostsName } from './known-hosts.js';

// An ssh-ed25519 public key blob (type string + 32 key bytes).
const blob = (fill: number) => Buffer.concat([Buffer.from([0, 0, 0, 11]), Buffer.from('ssh-ed25519'), Buffer.from([0, 0, 0, 32]), Buffer.alloc(32, fill)]);

describe('known_hosts', () => {
  it('names hosts as ssh does', () => {
    expect(knownHostsName('gpu-host', 22)).toBe('gpu-host');
    expect(knownHostsName('10.0.0.2', 2222)).toBe('[10.0.0.2]:2222');
  });
  it('matches plain and hashed entries, and tells a changed key from an unknown host', () => {
    const key = blob(1);
    const salt = Buffer.alloc(20, 7);
    // Hashed entry as ssh-keygen -H writes it: |1|base64(salt)|base64(HMAC-SHA1(salt, name)).
    const hashed = `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update('[h]:2222').digest('base64')}`;
    const text = `# comment\nother ssh-ed25519 ${blob(2).toString('base64')}\n${hashed} ssh-ed25519 ${key.toString('base64')}\n`;
    expect(checkHostKey(text, '[h]:2222', key)).toEqual({ verdict: 'known' });
    expect(checkHostKey(text, '[h]:2222', blob(3))).toEqual({ verdict: 'changed', line: 3 });
    expect(checkHostKey(text, 'nobody', key)).toEqual({ verdict: 'unknown' });
    expect(checkHostKey(`a,b,other ssh-ed25519 ${key.toString('base64')}`, 'b', key)).toEqual({ verdict: 'known' });
    expect(keyType(key)).toBe('ssh-ed25519');
    expect(fingerprint(key)).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
  });
});
