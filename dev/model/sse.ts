import type { ServerResponse } from 'node:http';

/** Writes OpenAI `chat.completion.chunk` events in the shape opencode's provider SDK parses. */
export class ChunkWriter {
  private readonly id: string;

  constructor(
    private readonly res: ServerResponse,
    id: string,
  ) {
    this.id = id;
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    });
  }

  private send(choices: unknown[], extra: Record<string, unknown> = {}): void {
    const chunk = {
      id: this.id,
      object: 'chat.completion.chunk',
      created: 0,
      model: 'scripted',
      choices,
      ...extra,
    };
    this.res.write(`data: ${JSON.stringify(chunk)}\n\n`);
  }

  delta(delta: Record<string, unknown>): void {
    this.send([{ index: 0, delta, finish_reason: null }]);
  }

  /** The finish chunk, the usage chunk (empty choices), then [DONE]. */
  finish(reason: 'stop' | 'tool_calls', completionTokens: number): void {
    this.send([{ index: 0, delta: {}, finish_reason: reason }]);
    this.send([], {
      usage: {
        prompt_tokens: 10,
        completion_tokens: completionTokens,
        total_tokens: 10 + completionTokens,
      },
    });
    this.res.end('data: [DONE]\n\n');
  }
}
