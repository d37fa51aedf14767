import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handle } from './app.ts';

let server: http.Server;
let base: string;

beforeAll(async () => {
  server = http.createServer((req, res) => void handle(req, res));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const complete = (messages: unknown[], stream = true) =>
  fetch(`${base}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'scripted', stream, messages }),
  });

/** The `data:` payloads of an SSE body. */
async function chunks(res: Response): Promise<string[]> {
  const body = await res.text();
  return body
    .split('\n\n')
    .filter(Boolean)
    .map((e) => e.replace(/^data: /, ''));
}

describe('scripted model HTTP API', () => {
  it('lists its one model', async () => {
    const res = await fetch(`${base}/models`);
    expect(await res.json()).toMatchObject({ data: [{ id: 'scripted' }] });
  });

  it('streams text deltas, a finish chunk, a usage chunk, then [DONE]', async () => {
    const res = await complete([{ role: 'user', content: 'hi there you' }]);
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const events = await chunks(res);
    expect(events.at(-1)).toBe('[DONE]');
    const parsed = events.slice(0, -1).map((e) => JSON.parse(e));
    const text = parsed.map((c) => c.choices[0]?.delta?.content ?? '').join('');
    expect(text).toBe('You said: hi there you');
    expect(parsed.filter((c) => c.choices[0]?.delta?.content).length).toBeGreaterThan(1);
    expect(parsed.at(-2).choices[0].finish_reason).toBe('stop');
    expect(parsed.at(-1)).toMatchObject({
      choices: [],
      usage: { total_tokens: expect.any(Number) },
    });
  });

  it('bursts N extra chunks on [[burst: N]]', async () => {
    const events = await chunks(await complete([{ role: 'user', content: 'go [[burst: 500]]' }]));
    const deltas = events
      .slice(0, -1)
      .map((e) => JSON.parse(e).choices[0]?.delta?.content)
      .filter((c): c is string => !!c);
    expect(deltas.filter((d) => /^ b\d+$/.test(d))).toHaveLength(500);
    expect(deltas.at(-1)).toBe(' b500');
  });

  it('asks for a tool call, then answers with text once the tool result is back', async () => {
    const user = { role: 'user', content: [{ type: 'text', text: '[[bash: echo hi]]' }] };
    const first = (await chunks(await complete([user]))).slice(0, -1).map((e) => JSON.parse(e));
    const call = first.find((c) => c.choices[0]?.delta?.tool_calls)!.choices[0].delta.tool_calls[0];
    expect(call.function.name).toBe('bash');
    expect(JSON.parse(call.function.arguments)).toMatchObject({ command: 'echo hi' });
    expect(first.some((c) => c.choices[0]?.finish_reason === 'tool_calls')).toBe(true);

    const after = [
      user,
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: call.id, type: 'function', function: call.function }],
      },
      { role: 'tool', tool_call_id: call.id, content: 'hi' },
    ];
    const second = (await chunks(await complete(after))).slice(0, -1).map((e) => JSON.parse(e));
    expect(second.map((c) => c.choices[0]?.delta?.content ?? '').join('')).toContain(
      'Ran 1 tool call(s)',
    );
  });

  it('answers title requests with a title, streamed or not', async () => {
    const messages = [
      { role: 'system', content: 'You are a title generator. Output a title.' },
      { role: 'user', content: 'fix the flaky login test [[slow: 30]]' },
    ];
    const res = await complete(messages, false);
    expect(await res.json()).toMatchObject({
      choices: [{ message: { content: 'fix the flaky login test' } }],
    });
  });

  it('fails with a 400 error body on [[fail]]', async () => {
    const res = await complete([{ role: 'user', content: '[[fail]]' }]);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      error: { message: expect.stringContaining('scripted failure') },
    });
  });

  it('stops a slow stream when the client goes away', async () => {
    const ac = new AbortController();
    const res = await fetch(`${base}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        stream: true,
        messages: [{ role: 'user', content: '[[slow: 600]]' }],
      }),
      signal: ac.signal,
    });
    const reader = res.body!.getReader();
    const seen: string[] = [];
    const decoder = new TextDecoder();
    while (!seen.join('').includes(' 2"')) seen.push(decoder.decode((await reader.read()).value));
    ac.abort();
    // The server notices the close and ends the handler; a follow-up request is still served.
    expect((await fetch(`${base}/models`)).status).toBe(200);
  });

  it('rejects a malformed request with 400', async () => {
    const res = await fetch(`${base}/chat/completions`, {
      method: 'POST',
      body: '{"messages": 3}',
    });
    expect(res.status).toBe(400);
  });
});
