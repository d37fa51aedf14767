/**
 * What the scripted model answers, decided from markers in the latest user prompt. Stateless: the
 * step within a turn is the number of tool results opencode has sent back since that prompt, so
 * the same conversation always gets the same answer.
 *
 * Markers (any number, run in order):
 *   [[write path: content]]  opencode's `write` tool writes `content` (`\n` = newline) to `path`
 *   [[bash: command]]        opencode's `bash` tool runs `command`
 *   [[outside]]              a bash command reading outside the worktree: a permission request
 *   [[ask: Q | A | B]]       opencode's `question` tool asks the user Q with options A, B, ...
 *   [[slow: N]]              the final text streams for N seconds
 *   [[burst: N]]             the final text ends with N more chunks, streamed as fast as possible
 *   [[fail]]                 the model answers with an error instead
 */

export type ToolCall = { name: 'write' | 'bash' | 'question'; args: Record<string, unknown> };

export type Reply =
  | { kind: 'tool'; call: ToolCall; step: number }
  | { kind: 'text'; text: string; seconds: number; burst?: number }
  | { kind: 'error'; status: number; message: string };

/** The command `[[outside]]` runs: it touches a directory no worktree contains. */
export const OUTSIDE_COMMAND = 'cd / && pwd';

const MARKER = /\[\[(write|bash|outside|ask|slow|burst|fail)(?:[:\s]\s*([\s\S]*?))?\]\]/g;

interface Plan {
  calls: ToolCall[];
  seconds: number;
  burst: number;
  fail: boolean;
}

export function planFor(prompt: string): Plan {
  const plan: Plan = { calls: [], seconds: 0, burst: 0, fail: false };
  for (const [, kind, arg = ''] of prompt.matchAll(MARKER)) {
    switch (kind) {
      case 'write': {
        const colon = arg.indexOf(':');
        const filePath = (colon < 0 ? arg : arg.slice(0, colon)).trim();
        const content =
          colon < 0
            ? ''
            : arg
                .slice(colon + 1)
                .trim()
                .replaceAll('\\n', '\n');
        plan.calls.push({ name: 'write', args: { filePath, content } });
        break;
      }
      case 'bash':
        plan.calls.push({
          name: 'bash',
          args: { command: arg.trim(), description: 'Scripted command' },
        });
        break;
      case 'outside':
        plan.calls.push({
          name: 'bash',
          args: { command: OUTSIDE_COMMAND, description: 'Look outside the worktree' },
        });
        break;
      case 'ask': {
        const [question = 'Which one?', ...options] = arg.split('|').map((x) => x.trim());
        plan.calls.push({
          name: 'question',
          args: {
            questions: [
              {
                question,
                header: 'Scripted question',
                options: (options.length ? options : ['yes', 'no']).map((label) => ({
                  label,
                  description: `answer ${label}`,
                })),
              },
            ],
          },
        });
        break;
      }
      case 'slow':
        plan.seconds = Math.max(0, Math.min(600, Number(arg) || 0));
        break;
      case 'burst':
        plan.burst = Math.max(0, Math.min(100_000, Number(arg) || 0));
        break;
      case 'fail':
        plan.fail = true;
    }
  }
  return plan;
}

/** The reply for a prompt, given how many tool results came back since it was sent. */
export function replyFor(prompt: string, toolResults: number): Reply {
  const plan = planFor(prompt);
  if (plan.fail) return { kind: 'error', status: 400, message: 'scripted failure ([[fail]])' };
  const call = plan.calls[toolResults];
  if (call) return { kind: 'tool', call, step: toolResults };
  const done = plan.calls.length ? ` Ran ${plan.calls.length} tool call(s).` : '';
  return {
    kind: 'text',
    text: `You said: ${prompt.trim()}${done}`,
    seconds: plan.seconds,
    ...(plan.burst ? { burst: plan.burst } : {}),
  };
}

/** opencode's title request: a short deterministic title from the prompt's first words. */
export function titleFor(prompt: string): string {
  const words = prompt.replace(MARKER, ' ').trim().split(/\s+/).filter(Boolean).slice(0, 6);
  return words.length ? words.join(' ') : 'Scripted chat';
}
