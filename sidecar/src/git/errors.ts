import { HttpError } from '../http/errors.ts';

/** Removes anything secret-looking from git's stderr before a person or a log sees it. */
export function scrub(text: string, token?: string): string {
  let out = text.replace(/(Authorization:\s*)(Basic|Bearer|token)\s+\S+/gi, '$1$2 ***');
  out = out.replace(/(https?:\/\/)[^/@\s]+@/g, '$1***@');
  if (token) out = out.split(token).join('***');
  return out;
}

/** The last meaningful line of stderr, for an error message. */
const lastLine = (stderr: string) =>
  stderr
    .split(/[\r\n]+/)
    .map((l) => l.trim())
    .filter(
      (l) => l && !/^(remote: )?(Counting|Compressing|Receiving|Resolving|Enumerating)/.test(l),
    )
    .slice(-2)
    .join(' ');

/** Turns a failed git command into an HttpError naming the cause. */
export function gitFailure(
  args: string[],
  stderr: string,
  exitCode: number | undefined,
  token?: string,
): HttpError {
  const text = scrub(stderr, token);
  const said = lastLine(text) || `git ${args[0]} exited with ${exitCode}`;
  const is = (re: RegExp) => re.test(text);
  if (is(/No space left on device|disk quota exceeded/i))
    return new HttpError(507, 'disk-full', `the volume is full: ${said}`);
  if (
    is(
      /Authentication failed|could not read Username|403 Forbidden|401|terminal prompts disabled|Permission denied \(publickey\)/i,
    )
  )
    return new HttpError(502, 'remote-auth-failed', `GitHub refused the credentials: ${said}`);
  if (
    is(/Repository not found|does not appear to be a git repository|not found|does not exist/i) &&
    (args[0] === 'clone' || args[0] === 'fetch')
  )
    return new HttpError(
      404,
      'remote-repo-not-found',
      `the remote repository does not exist or is not visible: ${said}`,
    );
  if (
    is(
      /Could not resolve host|Connection refused|Connection timed out|Network is unreachable|unable to access|Failed to connect/i,
    )
  )
    return new HttpError(502, 'remote-unreachable', `the remote could not be reached: ${said}`);
  return new HttpError(500, 'git-failed', `git ${args[0]} failed: ${said}`);
}
