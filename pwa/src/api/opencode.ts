/**
 * opencode through the pinned SDK (same origin, behind Caddy's auth wall). Every call names the
 * chat's worktree as its directory: opencode picks its instance from it.
 */
import { createOpencodeClient } from '@opencode-ai/sdk/v2/client';
import type {
  Agent,
  FilePartInput,
  Message,
  Part,
  PermissionRequest,
  Provider,
  QuestionRequest,
  Session,
  SessionStatus,
  TextPartInput,
} from '@opencode-ai/sdk/v2/client';
import { ApiError, kindOf } from './errors.ts';

export type {
  Agent,
  Message,
  Part,
  PermissionRequest,
  Provider,
  QuestionRequest,
  Session,
  SessionStatus,
};
export interface MessageWithParts {
  info: Message;
  parts: Part[];
}

const client = createOpencodeClient({ baseUrl: location.origin });

interface Result<T> {
  data?: T;
  error?: unknown;
  response?: Response;
}

/** Unwraps an SDK result, turning failures into ApiErrors the outbox and UI understand. */
async function ok<T>(what: string, call: Promise<Result<T>>): Promise<T> {
  let r: Result<T>;
  try {
    r = await call;
  } catch {
    throw new ApiError('transient', `${what}: no connection`);
  }
  if (!r.response) throw new ApiError('transient', `${what}: no connection`);
  if (!r.response.ok) {
    const e = r.error as
      { data?: { message?: string }; message?: string; error?: string } | undefined;
    const said = e?.data?.message ?? e?.message;
    throw new ApiError(
      kindOf(r.response.status),
      `${what}: ${said ?? `HTTP ${r.response.status}`}`,
      r.response.status,
      typeof e?.error === 'string' ? e.error : undefined,
    );
  }
  return r.data as T;
}

export const opencode = {
  sessions: (directory: string) => ok('listing sessions', client.session.list({ directory })),
  createSession: (directory: string, title?: string) =>
    ok('creating the session', client.session.create({ directory, title })),
  rename: (directory: string, sessionID: string, title: string) =>
    ok('renaming', client.session.update({ directory, sessionID, title })),
  share: (directory: string, sessionID: string) =>
    ok('sharing', client.session.share({ directory, sessionID })),
  messages: (directory: string, sessionID: string, limit?: number) =>
    ok('loading messages', client.session.messages({ directory, sessionID, limit })) as Promise<
      MessageWithParts[]
    >,
  /** 404 → undefined: whether a prompt with this id reached opencode. */
  async hasMessage(directory: string, sessionID: string, messageID: string): Promise<boolean> {
    try {
      await ok(
        'checking a sent prompt',
        client.session.message({ directory, sessionID, messageID }),
      );
      return true;
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) return false;
      throw err;
    }
  },
  prompt: (
    directory: string,
    sessionID: string,
    body: {
      messageID: string;
      parts: (TextPartInput | FilePartInput)[];
      model?: { providerID: string; modelID: string };
      agent?: string;
    },
  ) => ok('sending the prompt', client.session.promptAsync({ directory, sessionID, ...body })),
  abort: (directory: string, sessionID: string) =>
    ok('stopping', client.session.abort({ directory, sessionID })),
  statuses: (directory: string) =>
    ok('reading chat status', client.session.status({ directory })) as Promise<
      Record<string, SessionStatus>
    >,
  permissions: (directory: string) =>
    ok('reading permission requests', client.permission.list({ directory })) as Promise<
      PermissionRequest[]
    >,
  replyPermission: (directory: string, requestID: string, reply: 'once' | 'always' | 'reject') =>
    ok(
      'answering the permission request',
      client.permission.reply({ directory, requestID, reply }),
    ),
  questions: (directory: string) =>
    ok('reading questions', client.question.list({ directory })) as Promise<QuestionRequest[]>,
  replyQuestion: (directory: string, requestID: string, answers: string[][]) =>
    ok('answering the question', client.question.reply({ directory, requestID, answers })),
  providers: (directory?: string) =>
    ok('listing models', client.config.providers({ directory })) as Promise<{
      providers: Provider[];
      default: Record<string, string>;
    }>,
  config: (directory?: string) =>
    ok('reading the config', client.config.get({ directory })) as Promise<{ model?: string }>,
  agents: (directory?: string) =>
    ok('listing agents', client.app.agents({ directory })) as Promise<Agent[]>,
};
