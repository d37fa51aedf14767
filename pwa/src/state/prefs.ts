/** Small per-device preferences in localStorage: cheap, synchronous, shared by tabs. */
function read<T>(key: string, fallback: T): T {
  try {
    const raw = localStorage.getItem(`dancodes:${key}`);
    return raw === null ? fallback : (JSON.parse(raw) as T);
  } catch {
    return fallback;
  }
}
function write(key: string, value: unknown) {
  try {
    localStorage.setItem(`dancodes:${key}`, JSON.stringify(value));
  } catch {
    // storage full or disabled: preferences are a convenience
  }
}

export const prefs = {
  lastRepo: () => read<string | undefined>('lastRepo', undefined),
  setLastRepo: (repo: string) => write('lastRepo', repo),
  lastChat: (repo: string) => read<Record<string, string>>('lastChat', {})[repo],
  setLastChat: (repo: string, chatId: string) =>
    write('lastChat', { ...read('lastChat', {}), [repo]: chatId }),
  model: () => read<{ providerID: string; modelID: string } | null>('model', null) ?? undefined,
  setModel: (m: { providerID: string; modelID: string } | undefined) => write('model', m ?? null),
  agent: () => read<string>('agent', 'build'),
  setAgent: (a: string) => write('agent', a),
  seen: () => read<Record<string, number>>('seen', {}),
  setSeen: (chatId: string, at: number) => write('seen', { ...read('seen', {}), [chatId]: at }),
};
