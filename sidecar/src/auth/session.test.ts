import { describe, expect, it } from 'vitest';
import { sign } from 'cookie-signature';
import { issueSession, readCookie, verifySession } from './session.ts';

const secret = 'x'.repeat(64);
const day = 24 * 60 * 60 * 1000;

describe('session cookie', () => {
  it('verifies a value it issued', () => {
    expect(verifySession(issueSession(secret, 30 * day), secret)).toBe(true);
  });

  it('rejects an expired value', () => {
    const issued = issueSession(secret, 30 * day, Date.now() - 31 * day);
    expect(verifySession(issued, secret)).toBe(false);
  });

  it('rejects a value signed with another secret', () => {
    expect(verifySession(issueSession('y'.repeat(64), 30 * day), secret)).toBe(false);
  });

  it('rejects a tampered expiry', () => {
    const issued = issueSession(secret, day);
    const [payload, sig] = [
      issued.slice(0, issued.lastIndexOf('.')),
      issued.slice(issued.lastIndexOf('.') + 1),
    ];
    const extended = payload.replace(/\d+$/, String(Date.now() + 365 * day));
    expect(verifySession(`${extended}.${sig}`, secret)).toBe(false);
  });

  it('rejects forged and malformed values', () => {
    expect(verifySession(undefined, secret)).toBe(false);
    expect(verifySession('', secret)).toBe(false);
    expect(verifySession('v1.9999999999999', secret)).toBe(false);
    // A correct signature over something that is not our payload format.
    expect(verifySession(sign('admin', secret), secret)).toBe(false);
    expect(verifySession(sign('v1.soon', secret), secret)).toBe(false);
  });

  it('reads one cookie out of a header', () => {
    expect(readCookie('a=1; dancodes_session=v1.2%2E3; b=2', 'dancodes_session')).toBe('v1.2.3');
    expect(readCookie('a=1', 'dancodes_session')).toBeUndefined();
    expect(readCookie('dancodes_session=%E0%A4%A', 'dancodes_session')).toBeUndefined();
  });
});
