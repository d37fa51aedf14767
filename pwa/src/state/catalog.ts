/** Models and agents for the pickers, from the server; loaded once and refreshed on demand. */
import { signal } from '@preact/signals';
import { opencode } from '../api/opencode.ts';

export interface ModelChoice {
  providerID: string;
  modelID: string;
  label: string;
}
export const models = signal<ModelChoice[]>([]);
/** The server's configured model ("provider/model"), used when the user picks none. */
export const defaultModel = signal<string | undefined>(undefined);
export const agents = signal<{ name: string; description?: string }[]>([]);

export async function loadCatalog(directory?: string) {
  const [p, a, config] = await Promise.all([
    opencode.providers(directory),
    opencode.agents(directory),
    opencode.config(directory),
  ]);
  models.value = p.providers.flatMap((prov) =>
    Object.values(prov.models).map((m) => ({
      providerID: prov.id,
      modelID: m.id,
      label: `${prov.id}/${m.id}`,
    })),
  );
  defaultModel.value = config.model;
  agents.value = a
    .filter((x) => x.mode !== 'subagent' && !x.hidden)
    .map((x) => ({ name: x.name, description: x.description }));
}
