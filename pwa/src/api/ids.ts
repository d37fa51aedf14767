/**
 * Ids in opencode's own format (prefix, 12 hex digits of time×4096+counter, 14 random base62), so
 * a message id chosen on the phone sorts with the server's ids by creation time.
 */
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
let last = 0;
let counter = 0;

function random(n: number): string {
  const bytes = crypto.getRandomValues(new Uint8Array(n));
  return Array.from(bytes, (b) => BASE62[b % 62]).join('');
}

export function ascendingId(prefix: 'msg' | 'ses' | 'prt'): string {
  const now = Date.now();
  counter = now === last ? counter + 1 : 0;
  last = now;
  const value = (BigInt(now) * 4096n + BigInt(counter)) % 2n ** 48n;
  return `${prefix}_${value.toString(16).padStart(12, '0')}${random(14)}`;
}

/** A chat's id: also its worktree directory and branch (`dancodes/<id>`), so lower-case and short. */
export function chatId(): string {
  return `c${Date.now().toString(36)}${random(6).toLowerCase()}`;
}
