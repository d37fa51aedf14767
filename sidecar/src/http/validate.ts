import type { Request } from 'express';
import type { z } from 'zod';

/** The request's body, query and params parsed with zod; a ZodError becomes a 400 in the error handler. */
export function input<B extends z.ZodType, Q extends z.ZodType, P extends z.ZodType>(
  req: Request,
  schemas: { body?: B; query?: Q; params?: P },
) {
  return {
    body: (schemas.body ? schemas.body.parse(req.body ?? {}) : undefined) as z.infer<B>,
    query: (schemas.query ? schemas.query.parse(req.query) : undefined) as z.infer<Q>,
    params: (schemas.params ? schemas.params.parse(req.params) : undefined) as z.infer<P>,
  };
}
