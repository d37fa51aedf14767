import { sign, unsign } from 'cookie-signature';

export const COOKIE_NAME = 'dancodes_session';

/** A session cookie value: its expiry inside the HMAC-signed part, so it can't be extended by the client. */
export function issueSession(secret: string, maxAgeMs: number, now = Date.now()): string {
  return sign(`v1.${now + maxAgeMs}`, secret);
}

/** True when the value was signed with this secret and has not expired. */
export function verifySession(
  value: string | undefined,
  secret: string,
  now = Date.now(),
): boolean {
  if (!value) return false;
  const payload = unsign(value, secret);
  if (payload === false) return false;
  const match = /^v1\.(\d{13,})$/.exec(payload);
  return match !== null && Number(match[1]) > now;
}

/** Reads one cookie from a Cookie header without a parser dependency for a single name. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}
