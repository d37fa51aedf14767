/** Applies one opencode event to the stores. Unknown types are ignored. */
import type { GlobalEvent } from '@opencode-ai/sdk/v2/client';
import { describeError, permissions, questions, setError, setStatus, touch } from './activity.ts';
import { updateTitle } from './chats.ts';
import { cacheSoon } from './sync.ts';
import { appendDelta, removeMessage, removePart, upsertMessage, upsertPart } from './messages.ts';

export function apply(event: GlobalEvent) {
  const e = event.payload;
  switch (e.type) {
    case 'message.updated': {
      const info = e.properties.info;
      upsertMessage(info);
      touch(info.sessionID);
      cacheSoon(info.sessionID);
      if (info.role === 'assistant' && info.error)
        setError(info.sessionID, describeError(info.error));
      break;
    }
    case 'message.removed':
      removeMessage(e.properties.sessionID, e.properties.messageID);
      break;
    case 'message.part.updated':
      upsertPart(e.properties.part);
      touch(e.properties.part.sessionID);
      cacheSoon(e.properties.part.sessionID);
      break;
    case 'message.part.delta':
      appendDelta(e.properties);
      break;
    case 'message.part.removed':
      removePart(e.properties.sessionID, e.properties.messageID, e.properties.partID);
      break;
    case 'session.status':
      setStatus(e.properties.sessionID, e.properties.status.type);
      touch(e.properties.sessionID);
      break;
    case 'session.idle':
      setStatus(e.properties.sessionID, 'idle');
      break;
    case 'session.error':
      if (e.properties.sessionID)
        setError(e.properties.sessionID, describeError(e.properties.error));
      break;
    case 'session.updated':
    case 'session.created':
      updateTitle(e.properties.info.id, e.properties.info.title);
      break;
    case 'permission.asked':
      permissions.value = [
        ...permissions.value.filter((p) => p.id !== e.properties.id),
        e.properties,
      ];
      touch(e.properties.sessionID);
      break;
    case 'permission.replied':
      permissions.value = permissions.value.filter((p) => p.id !== e.properties.requestID);
      break;
    case 'question.asked':
      questions.value = [...questions.value.filter((q) => q.id !== e.properties.id), e.properties];
      touch(e.properties.sessionID);
      break;
    case 'question.replied':
    case 'question.rejected':
      questions.value = questions.value.filter((q) => q.id !== e.properties.requestID);
      break;
  }
}
