import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from './harness/stack.ts';
import { makeRepo } from './harness/git.ts';

interface Part {
  type: string;
  tool?: string;
  text?: string;
  state?: { status: string; output?: string };
}
interface Message {
  info: { role: string; error?: { name: string; data?: { message?: string } } };
  parts: Part[];
}

/** The scripted model's markers, as real opencode runs them (issue 2's test of the stand-in itself). */
describe('the scripted model driving real opencode', () => {
  let stack: Stack;
  let scratch: string;
  let repo: string;

  beforeAll(async () => {
    stack = await startStack();
    scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'dancodes-model-'));
    repo = (await makeRepo(path.join(scratch, 'project'))).dir;
  });
  afterAll(async () => {
    await stack?.dispose();
    if (scratch) await fs.rm(scratch, { recursive: true, force: true });
  });

  const headers = () => ({ 'content-type': 'application/json', 'x-opencode-directory': repo });
  const call = async <T>(p: string, method = 'GET', body?: unknown): Promise<T> => {
    const res = await stack.fetch(p, {
      method,
      headers: headers(),
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    expect(res.ok, `${method} ${p} -> ${res.status}`).toBe(true);
    return (res.status === 204 ? undefined : await res.json()) as T;
  };
  const newSession = async () => (await call<{ id: string }>('/session', 'POST', {})).id;
  const promptAsync = (id: string, text: string) =>
    call(`/session/${id}/prompt_async`, 'POST', { parts: [{ type: 'text', text }] });
  const messages = (id: string) => call<Message[]>(`/session/${id}/message`);
  const busy = async (id: string) => id in (await call<Record<string, unknown>>('/session/status'));
  /** Polls until the probe yields a value (no wall-clock limit: vitest's backstop ends a hang). */
  async function until<T>(probe: () => Promise<T | undefined>): Promise<T> {
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  it('runs a bash command and shows its output', async () => {
    const id = await newSession();
    const reply = await call<Message>(`/session/${id}/message`, 'POST', {
      parts: [{ type: 'text', text: '[[bash: echo scripted-$((40+2))]]' }],
    });
    expect(reply.info.error).toBeUndefined();
    const tool = (await messages(id)).flatMap((m) => m.parts).find((p) => p.tool === 'bash');
    expect(tool?.state).toMatchObject({
      status: 'completed',
      output: expect.stringContaining('scripted-42'),
    });
  });

  it('raises a permission request for [[outside]] and finishes once it is answered', async () => {
    const id = await newSession();
    await promptAsync(id, '[[outside]]');
    const request = await until(async () =>
      (await call<{ id: string; sessionID: string; permission: string }[]>('/permission')).find(
        (p) => p.sessionID === id,
      ),
    );
    expect(request.permission).toBe('external_directory');
    expect(await busy(id)).toBe(true);
    await call(`/permission/${request.id}/reply`, 'POST', { reply: 'once' });
    await until(async () => ((await busy(id)) ? undefined : true));
    const parts = (await messages(id)).flatMap((m) => m.parts);
    expect(parts.find((p) => p.tool === 'bash')?.state?.status).toBe('completed');
    expect(parts.some((p) => p.type === 'text' && p.text?.includes('Ran 1 tool call'))).toBe(true);
  });

  it('asks the user a question for [[ask]] and carries on with the answer', async () => {
    const id = await newSession();
    await promptAsync(id, '[[ask: Which color? | red | blue]]');
    const request = await until(async () =>
      (
        await call<
          {
            id: string;
            sessionID: string;
            questions: { question: string; options: { label: string }[] }[];
          }[]
        >('/question')
      ).find((q) => q.sessionID === id),
    );
    expect(request.questions[0]).toMatchObject({
      question: 'Which color?',
      options: [{ label: 'red' }, { label: 'blue' }],
    });
    await call(`/question/${request.id}/reply`, 'POST', { answers: [['blue']] });
    await until(async () => ((await busy(id)) ? undefined : true));
    const parts = (await messages(id)).flatMap((m) => m.parts);
    const tool = parts.find((p) => p.tool === 'question');
    expect(tool?.state?.status).toBe('completed');
    expect(tool?.state?.output).toContain('blue');
  });

  it('ends the turn with the model error on [[fail]]', async () => {
    const id = await newSession();
    const reply = await call<Message>(`/session/${id}/message`, 'POST', {
      parts: [{ type: 'text', text: '[[fail]]' }],
    });
    expect(reply.info.error?.data?.message).toContain('scripted failure');
  });

  it('keeps a [[slow]] turn running until it is aborted', async () => {
    const id = await newSession();
    await promptAsync(id, '[[slow: 300]]');
    await until(async () =>
      (await messages(id)).some((m) =>
        m.parts.some((p) => p.type === 'text' && / 3/.test(p.text ?? '')),
      )
        ? true
        : undefined,
    );
    expect(await busy(id)).toBe(true);
    await call(`/session/${id}/abort`, 'POST', {});
    await until(async () => ((await busy(id)) ? undefined : true));
    const last = (await messages(id)).at(-1)!;
    expect(last.info.error?.name).toBe('MessageAbortedError');
  });
});
