/**
 * What each session is doing, for the sidebar: running, needs you (a permission or question),
 * failed, idle; plus unread activity.
 */
import { computed, signal } from '@preact/signals';
import type { PermissionRequest, QuestionRequest, SessionStatus } from '../api/opencode.ts';
import { prefs } from './prefs.ts';

export const statuses = signal<Record<string, SessionStatus['type']>>({});
export const permissions = signal<PermissionRequest[]>([]);
export const questions = signal<QuestionRequest[]>([]);
/** The last error of a session's latest turn (cleared when a new turn starts). */
export const errors = signal<Record<string, string>>({});
/** Last time anything happened in a session (ms). */
export const lastActivity = signal<Record<string, number>>({});
export const seen = signal<Record<string, number>>(prefs.seen());

export type ChatStatus = 'needs' | 'running' | 'failed' | 'idle';

export const statusOf = computed(() => {
  const s = statuses.value;
  const needs = new Set([...permissions.value, ...questions.value].map((r) => r.sessionID));
  const errs = errors.value;
  return (sessionId: string | undefined): ChatStatus => {
    if (!sessionId) return 'idle';
    if (needs.has(sessionId)) return 'needs';
    if (s[sessionId] === 'busy' || s[sessionId] === 'retry') return 'running';
    if (errs[sessionId]) return 'failed';
    return 'idle';
  };
});

export function setStatus(sessionId: string, type: SessionStatus['type']) {
  statuses.value = { ...statuses.value, [sessionId]: type };
  if (type === 'busy' && errors.value[sessionId]) {
    const { [sessionId]: _, ...rest } = errors.value;
    errors.value = rest;
  }
}

export function touch(sessionId: string) {
  lastActivity.value = { ...lastActivity.value, [sessionId]: Date.now() };
}

export function setError(sessionId: string, message: string | undefined) {
  const { [sessionId]: _, ...rest } = errors.value;
  errors.value = message ? { ...rest, [sessionId]: message } : rest;
}

export function markSeen(chatId: string) {
  const now = Date.now();
  seen.value = { ...seen.value, [chatId]: now };
  prefs.setSeen(chatId, now);
}

/** Replaces the requests of some sessions (after a resync of their directory). */
export function replaceRequests<T extends { sessionID: string }>(
  current: T[],
  fresh: T[],
  sessionIds: Set<string>,
): T[] {
  return [...current.filter((r) => !sessionIds.has(r.sessionID)), ...fresh];
}

/** opencode's error object as one line for a person; an abort is not a failure. */
export function describeError(error: unknown): string | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const e = error as { name?: string; data?: { message?: string } };
  if (e.name === 'MessageAbortedError') return undefined;
  return e.data?.message || e.name || 'the run failed';
}
