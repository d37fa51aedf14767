/** Where to go after login: a same-origin path only, anything else falls back to `/`. */
export function safeNext(next: unknown): string {
  if (typeof next !== 'string' || next.length === 0 || next.length > 2000) return '/';
  // Browsers treat `\` like `/`, so `/\evil` is `//evil`: refuse backslashes and control characters outright.
  // eslint-disable-next-line no-control-regex -- control characters are exactly what this refuses
  if (!next.startsWith('/') || next.startsWith('//') || /[\\\u0000-\u001f\u007f]/.test(next))
    return '/';
  const base = 'http://dancodes.invalid';
  let url: URL;
  try {
    url = new URL(next, base);
  } catch {
    return '/';
  }
  if (url.origin !== base) return '/';
  // Never send a fresh login back to the auth pages themselves.
  if (url.pathname.startsWith('/auth/')) return '/';
  return url.pathname + url.search + url.hash;
}
