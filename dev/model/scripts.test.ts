import { describe, expect, it } from 'vitest';
import { OUTSIDE_COMMAND, planFor, replyFor, titleFor } from './scripts.ts';

describe('scripted model scripts', () => {
  it('answers a plain prompt with text that quotes it', () => {
    expect(replyFor('hello there', 0)).toEqual({
      kind: 'text',
      text: 'You said: hello there',
      seconds: 0,
    });
  });

  it('runs markers in order, one tool call per step, then the final text', () => {
    const prompt = 'do it [[write a/b.txt: one\\ntwo]] then [[bash: echo hi]] and [[outside]]';
    expect(replyFor(prompt, 0)).toEqual({
      kind: 'tool',
      step: 0,
      call: { name: 'write', args: { filePath: 'a/b.txt', content: 'one\ntwo' } },
    });
    expect(replyFor(prompt, 1)).toMatchObject({
      kind: 'tool',
      call: { name: 'bash', args: { command: 'echo hi' } },
    });
    expect(replyFor(prompt, 2)).toMatchObject({
      kind: 'tool',
      call: { name: 'bash', args: { command: OUTSIDE_COMMAND } },
    });
    expect(replyFor(prompt, 3)).toMatchObject({
      kind: 'text',
      text: expect.stringContaining('Ran 3 tool call(s)'),
    });
  });

  it('streams slowly for the given seconds, capped at ten minutes', () => {
    expect(planFor('[[slow: 3]]').seconds).toBe(3);
    expect(planFor('[[slow: 99999]]').seconds).toBe(600);
    expect(planFor('[[slow: nope]]').seconds).toBe(0);
  });

  it('asks a question with options through the question tool', () => {
    expect(replyFor('[[ask: Which color? | red | blue]]', 0)).toMatchObject({
      kind: 'tool',
      call: {
        name: 'question',
        args: {
          questions: [
            {
              question: 'Which color?',
              options: [{ label: 'red' }, { label: 'blue' }],
            },
          ],
        },
      },
    });
  });

  it('plans a burst of chunks, capped', () => {
    expect(replyFor('x [[burst: 5000]]', 0)).toMatchObject({ kind: 'text', burst: 5000 });
    expect(planFor('[[burst: 9999999]]').burst).toBe(100_000);
  });

  it('fails with a non-retryable error on [[fail]], whatever else the prompt holds', () => {
    expect(replyFor('[[write x: y]] [[fail]]', 0)).toMatchObject({ kind: 'error', status: 400 });
  });

  it('makes a short deterministic title without markers', () => {
    expect(titleFor('please [[write x: y]] fix the login page now thanks')).toBe(
      'please fix the login page now',
    );
    expect(titleFor('[[fail]]')).toBe('Scripted chat');
  });
});
