import type { ErrorRequestHandler, RequestHandler } from 'express';
import { z } from 'zod';

/** An error that becomes `{error: code, message}` with this HTTP status. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** The one JSON error shape every route answers with. */
export const ErrorBody = z.object({
  error: z.string().describe('kebab-case reason code'),
  message: z.string().describe('what went wrong, for a person'),
  details: z.unknown().optional(),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

export const notFound: RequestHandler = (req, _res, next) => {
  next(new HttpError(404, 'not-found', `no route for ${req.method} ${req.path}`));
};

/** Last middleware: turns anything thrown into the JSON error shape, never leaking internals. */
export const errorHandler: ErrorRequestHandler = (err, _req, res, next) => {
  if (res.headersSent) return next(err);
  if (err instanceof HttpError) {
    res.status(err.status).json({ error: err.code, message: err.message, details: err.details });
    return;
  }
  if (err instanceof z.ZodError) {
    res
      .status(400)
      .json({ error: 'invalid-input', message: z.prettifyError(err), details: err.issues });
    return;
  }
  // body-parser errors carry a status and a type (e.g. entity.too.large, entity.parse.failed).
  const status = typeof err?.status === 'number' && err.status < 500 ? err.status : 500;
  if (status < 500) {
    res
      .status(status)
      .json({ error: String(err.type ?? 'bad-request').replace(/\./g, '-'), message: err.message });
    return;
  }
  console.error('sidecar: unhandled error:', err instanceof Error ? err.stack : err);
  res
    .status(500)
    .json({ error: 'internal', message: 'internal error in the sidecar; see its log' });
};
