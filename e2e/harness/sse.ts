/** One parsed server-sent event's data, as JSON. */
export type SseData = Record<string, unknown>;

/**
 * Reads an SSE response and resolves with the first event `match` accepts, keeping everything seen.
 * Used to prove streams pass through Caddy unbuffered.
 */
export async function readEvents(
  res: Response,
  match: (data: SseData) => boolean,
): Promise<{ found: SseData; seen: SseData[] }> {
  if (!res.body) throw new Error('no body');
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  const seen: SseData[] = [];
  let buffer = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`stream ended before a matching event; saw ${seen.length} events`);
      buffer += decoder.decode(value, { stream: true });
      let cut: number;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const data = block
          .split('\n')
          .filter((l) => l.startsWith('data:'))
          .map((l) => l.slice(5).trim())
          .join('\n');
        if (!data) continue;
        const parsed = JSON.parse(data) as SseData;
        seen.push(parsed);
        if (match(parsed)) return { found: parsed, seen };
      }
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
}
