/**
 * opencode's config for the scripted model: a custom OpenAI-compatible provider, used whenever no
 * real provider key is set (tests, the offline demo).
 */
export const SCRIPTED_MODEL = 'fake/scripted';

export function scriptedProvider(baseURL: string) {
  return {
    provider: {
      fake: {
        npm: '@ai-sdk/openai-compatible',
        name: 'Scripted (dancodes dev)',
        options: { baseURL, apiKey: 'scripted' },
        models: { scripted: { name: 'Scripted', tool_call: true } },
      },
    },
    model: SCRIPTED_MODEL,
  };
}
