import express, { Router } from 'express';
import swaggerUi from 'swagger-ui-dist';
import type { Config } from '../config.ts';
import { openapiDocument } from '../api/openapi.ts';

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>dancodes sidecar API</title>
<link rel="stylesheet" href="/admin/docs/assets/swagger-ui.css">
</head>
<body>
<div id="ui"></div>
<script src="/admin/docs/assets/swagger-ui-bundle.js"></script>
<script src="/admin/docs/init.js"></script>
</body>
</html>`;

const INIT = `window.ui = SwaggerUIBundle({ url: '/admin/openapi.json', dom_id: '#ui', deepLinking: true });`;

/** The OpenAPI document and a Swagger UI served from our own origin, so the docs work offline. */
export function docsRouter(c: Config): Router {
  const router = Router();
  const doc = openapiDocument(c.version);
  router.get('/openapi.json', (_req, res) => {
    res.json(doc);
  });
  router.get('/docs', (_req, res) => {
    res.type('html').send(PAGE);
  });
  router.get('/docs/init.js', (_req, res) => {
    res.type('js').send(INIT);
  });
  router.use(
    '/docs/assets',
    express.static(swaggerUi.getAbsoluteFSPath(), { index: false, maxAge: '1d' }),
  );
  return router;
}
