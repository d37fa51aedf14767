/**
 * What the device sends: created on the phone, ids chosen there, so every create and send can be
 * repeated safely (opencode's /api/ session and prompt creation are idempotent on these ids).
 * Shared by the chat UI (which submits them) and the offline outbox (which stores and replays them).
 */

/** A photo or file attached to a prompt, already downscaled on the device. */
export interface OutgoingFile {
  mime: string;
  filename: string;
  /** A `data:` URL. */
  url: string;
}

/** A prompt to an existing or still-queued chat. */
export interface OutgoingPrompt {
  /** `msg_...`, chosen when the prompt is queued. */
  messageId: string;
  /** `ses_...` of the chat; its worktree directory is looked up when the prompt is sent. */
  sessionId: string;
  text: string;
  files: OutgoingFile[];
  model?: { providerID: string; modelID: string };
  agent?: string;
  /** ms since epoch, when the user tapped send. */
  createdAt: number;
}

/** A new chat: clone if needed, a worktree keyed by the session id, then the opencode session. */
export interface OutgoingChat {
  /** `ses_...`, chosen on the device; also the worktree id (branch `dancodes/<id>`). */
  sessionId: string;
  /** `owner/name`. */
  repo: string;
  title?: string;
  createdAt: number;
}

/**
 * Sends what the outbox holds. Both calls must be safe to repeat with the same ids: the outbox
 * retries whenever an earlier attempt's outcome is unknown.
 */
export interface Sender {
  chat(chat: OutgoingChat): Promise<void>;
  prompt(prompt: OutgoingPrompt): Promise<void>;
}

/**
 * Why a send failed, which decides what the outbox does next: `auth` pauses the queue until the
 * user logs in again, `permanent` marks the item failed (its text kept for the user), `transient`
 * retries with backoff.
 */
export type FailureKind = 'auth' | 'permanent' | 'transient';

export class SendFailure extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
  ) {
    super(message);
    this.name = 'SendFailure';
  }
}
