/**
 * Why a request failed, which decides what the caller does next: `auth` waits for a login,
 * `permanent` gives up and tells the user, `transient` retries with backoff.
 */
export type FailureKind = 'auth' | 'permanent' | 'transient';

export class ApiError extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
    readonly status?: number,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export function kindOf(status: number): FailureKind {
  if (status === 401) return 'auth';
  if (status === 408 || status === 429 || status >= 500) return 'transient';
  return 'permanent';
}

/** An ApiError from a failed response, with the server's own message when it sent one. */
export async function errorFrom(res: Response, what: string): Promise<ApiError> {
  let message = `${what}: HTTP ${res.status}`;
  let code: string | undefined;
  try {
    const body = (await res.json()) as {
      error?: unknown;
      message?: unknown;
      data?: { message?: string };
    };
    code = typeof body.error === 'string' ? body.error : undefined;
    const said = typeof body.message === 'string' ? body.message : body.data?.message;
    if (said) message = `${what}: ${said}`;
  } catch {
    // not JSON: keep the status line
  }
  return new ApiError(kindOf(res.status), message, res.status, code);
}

/** fetch that turns a network failure into a transient ApiError. */
export async function fetchOr(input: string, init: RequestInit, what: string): Promise<Response> {
  try {
    return await fetch(input, { credentials: 'same-origin', ...init });
  } catch {
    throw new ApiError('transient', `${what}: no connection`);
  }
}
