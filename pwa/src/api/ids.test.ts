import { describe, expect, it } from 'vitest';
import { ascendingId, chatId } from './ids.ts';

describe('ids chosen on the device', () => {
  it("are in opencode's format and sort in creation order", () => {
    const ids = Array.from({ length: 500 }, () => ascendingId('msg'));
    for (const id of ids) expect(id).toMatch(/^msg_[0-9a-f]{12}[0-9A-Za-z]{14}$/);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('sort after the server ids opencode made earlier', () => {
    // An id opencode made at 2026-11-25T03:25:42Z; ours are made later.
    expect(ascendingId('msg') > 'msg_210bcddf9001UsOj1rfcdcSSTr').toBe(true);
  });

  it('make chat ids the sidecar accepts as worktree ids and branch names', () => {
    for (let i = 0; i < 100; i++) expect(chatId()).toMatch(/^[a-z0-9]{8,30}$/);
  });
});
