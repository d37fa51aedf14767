import { describe, expect, it } from 'vitest';
import type { Message, Part } from '../api/opencode.ts';
import { messagesOf, setMessages, upsertMessage, upsertPart } from './messages.ts';

const info = (id: string, role: 'user' | 'assistant' = 'assistant') =>
  ({ id, sessionID: 's1', role, time: { created: 1 } }) as Message;
const text = (id: string, messageID: string, t: string) =>
  ({ id, sessionID: 's1', messageID, type: 'text', text: t }) as Part;

describe('the message store', () => {
  it('keeps one entry per id, in id order, whatever order events come in', () => {
    upsertMessage(info('msg_2'));
    upsertMessage(info('msg_1', 'user'));
    upsertMessage(info('msg_2'));
    upsertPart(text('prt_b', 'msg_2', 'second'));
    upsertPart(text('prt_a', 'msg_2', 'first'));
    upsertPart(text('prt_a', 'msg_2', 'first, updated'));
    const list = messagesOf('s1').list.value;
    expect(list.map((e) => e.id)).toEqual(['msg_1', 'msg_2']);
    expect(list[1]!.parts.value.map((p) => (p as { text: string }).text)).toEqual([
      'first, updated',
      'second',
    ]);
  });

  it('applies a resync snapshot over live state without doubling, keeping entry identity', () => {
    const before = messagesOf('s1').byId.get('msg_2');
    setMessages(
      's1',
      [
        { info: info('msg_1', 'user'), parts: [] },
        { info: info('msg_2'), parts: [text('prt_a', 'msg_2', 'final')] },
        { info: info('msg_3'), parts: [] },
      ],
      true,
    );
    const list = messagesOf('s1').list.value;
    expect(list.map((e) => e.id)).toEqual(['msg_1', 'msg_2', 'msg_3']);
    expect(messagesOf('s1').byId.get('msg_2')).toBe(before); // re-render one message, not all
    expect((list[1]!.parts.value[0] as { text: string }).text).toBe('final');
    // A message the server no longer has (reverted) goes away.
    setMessages('s1', [{ info: info('msg_1', 'user'), parts: [] }], true);
    expect(messagesOf('s1').list.value.map((e) => e.id)).toEqual(['msg_1']);
  });
});
