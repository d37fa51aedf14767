import { describe, expect, it } from 'vitest';
import { gitFailure, scrub } from './errors.ts';
import { git } from './run.ts';

const TOKEN = 'ghp_leakyTOKEN1234567890';

describe('git errors', () => {
  it('scrubs tokens, auth headers and credentials in URLs', () => {
    const basic = Buffer.from(`x-access-token:${TOKEN}`).toString('base64');
    const text = scrub(
      `fatal: Authorization: Basic ${basic}\nhttps://user:${TOKEN}@github.com/o/r.git ${TOKEN}`,
      TOKEN,
    );
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain(basic);
    expect(text).toContain('Authorization: Basic ***');
    expect(text).toContain('https://***@github.com');
  });

  it.each([
    ['clone', "fatal: repository 'x' not found", 404, 'remote-repo-not-found'],
    [
      'fetch',
      "fatal: Authentication failed for 'https://github.com/o/r.git/'",
      502,
      'remote-auth-failed',
    ],
    [
      'clone',
      "fatal: unable to access 'https://github.com/o/r/': Could not resolve host: github.com",
      502,
      'remote-unreachable',
    ],
    ['clone', 'error: unable to write file: No space left on device', 507, 'disk-full'],
    ['worktree', 'fatal: something odd', 500, 'git-failed'],
  ])('%s "%s" → %i %s', (cmd, stderr, status, code) => {
    const err = gitFailure([cmd], stderr, 128);
    expect(err.status).toBe(status);
    expect(err.code).toBe(code);
    expect(err.message.length).toBeGreaterThan(10);
  });

  it('never puts the token into the error of a failed authenticated command', async () => {
    // Nothing listens on port 9: the request fails after the header was configured.
    const err = await git(['ls-remote', 'http://127.0.0.1:9/o/r.git'], { token: TOKEN }).catch(
      (e: Error) => e,
    );
    expect(err).toMatchObject({ status: 502, code: 'remote-unreachable' });
    expect(JSON.stringify(err) + (err as Error).message).not.toContain(TOKEN);
  });
});
