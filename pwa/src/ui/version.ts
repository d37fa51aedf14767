/** The server's version string (the deployed commit), from the public health endpoint. */
import { signal } from '@preact/signals';

export const serverVersion = signal(import.meta.env.VITE_VERSION ?? '');

export async function loadVersion() {
  try {
    const res = await fetch('/admin/health', { cache: 'no-store' });
    const body = (await res.json()) as { version?: string };
    if (body.version) serverVersion.value = body.version;
  } catch {
    // offline: keep the build's own
  }
}
