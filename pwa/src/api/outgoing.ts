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
