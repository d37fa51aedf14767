import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { ChunkWriter } from './sse.ts';
import { replyFor, titleFor, type Reply } from './scripts.ts';

const Content = z.union([
  z.string(),
  z.array(z.looseObject({ type: z.string(), text: z.string().optional() })),
  z.null(),
]);
const Message = z.looseObject({ role: z.string(), content: Content.optional() });
const Completion = z.looseObject({
  messages: z.array(Message).min(1),
  stream: z.boolean().optional(),
});
type Message = z.infer<typeof Message>;

const text = (m: Message) =>
  typeof m.content === 'string'
    ? m.content
    : (m.content ?? []).map((p) => (p.type === 'text' ? (p.text ?? '') : '')).join('');

/** The latest prompt and how many tool results opencode returned since. */
function turnOf(messages: Message[]) {
  let last = -1;
  messages.forEach((m, i) => {
    if (m.role === 'user') last = i;
  });
  return {
    prompt: last < 0 ? '' : text(messages[last]!),
    toolResults: messages.slice(last + 1).filter((m) => m.role === 'tool').length,
  };
}

const isTitleRequest = (messages: Message[]) =>
  messages.some((m) => m.role === 'system' && text(m).includes('title generator'));

/** Splits text into small deltas, so clients really see streaming. */
const pieces = (s: string) => s.match(/\S+\s*|\s+/g) ?? [];

async function stream(res: ServerResponse, reply: Exclude<Reply, { kind: 'error' }>, id: string) {
  const out = new ChunkWriter(res, id);
  let closed = false;
  res.on('close', () => (closed = true));
  out.delta({ role: 'assistant', content: '' });
  if (reply.kind === 'tool') {
    out.delta({
      tool_calls: [
        {
          index: 0,
          id: `call_${reply.step}`,
          type: 'function',
          function: { name: reply.call.name, arguments: JSON.stringify(reply.call.args) },
        },
      ],
    });
    out.finish('tool_calls', 5);
    return;
  }
  const words = pieces(reply.text);
  for (const w of words) out.delta({ content: w });
  // `[[burst: N]]`: N chunks back to back (yielding now and then so the socket drains).
  for (let i = 1; i <= (reply.burst ?? 0) && !closed; i++) {
    out.delta({ content: ` b${i}` });
    if (i % 200 === 0) await new Promise((r) => setImmediate(r));
  }
  // `[[slow: N]]`: a tick every 100 ms, stopping early when opencode aborts the request.
  for (let tick = 1; tick <= reply.seconds * 10 && !closed; tick++) {
    await sleep(100);
    if (!closed) out.delta({ content: ` ${tick}` });
  }
  if (!closed) out.finish('stop', words.length);
}

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

let served = 0;

/** The scripted model's HTTP handler: `/v1/models` and `/v1/chat/completions` (streamed or not). */
export async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://model');
  if (req.method === 'GET' && url.pathname === '/v1/models') {
    return json(res, 200, {
      object: 'list',
      data: [{ id: 'scripted', object: 'model', created: 0, owned_by: 'dancodes' }],
    });
  }
  if (req.method !== 'POST' || url.pathname !== '/v1/chat/completions') {
    return json(res, 404, { error: { message: `no route ${req.method} ${url.pathname}` } });
  }
  let body: z.infer<typeof Completion>;
  try {
    body = Completion.parse(await readJson(req));
  } catch (e) {
    return json(res, 400, { error: { message: `bad request: ${(e as Error).message}` } });
  }
  const id = `chatcmpl-${++served}`;
  const { prompt, toolResults } = turnOf(body.messages);
  const reply: Reply = isTitleRequest(body.messages)
    ? { kind: 'text', text: titleFor(prompt), seconds: 0 }
    : replyFor(prompt, toolResults);
  if (reply.kind === 'error') {
    return json(res, reply.status, {
      error: { message: reply.message, type: 'invalid_request_error' },
    });
  }
  if (body.stream) return stream(res, reply, id);
  const message =
    reply.kind === 'tool'
      ? {
          role: 'assistant',
          content: null,
          tool_calls: [
            {
              id: `call_${reply.step}`,
              type: 'function',
              function: { name: reply.call.name, arguments: JSON.stringify(reply.call.args) },
            },
          ],
        }
      : { role: 'assistant', content: reply.text };
  json(res, 200, {
    id,
    object: 'chat.completion',
    created: 0,
    model: 'scripted',
    choices: [{ index: 0, message, finish_reason: reply.kind === 'tool' ? 'tool_calls' : 'stop' }],
    usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
  });
}
