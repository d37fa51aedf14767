/** The scripted model as a process: `npm run model` or the start script when no provider key is set. */
import http from 'node:http';
import { z } from 'zod';
import { handle } from './app.ts';

const port = z.coerce.number().int().min(1).max(65535).default(4098).parse(process.env.MODEL_PORT);
const host = process.env.MODEL_HOST ?? '127.0.0.1';

const server = http.createServer((req, res) => {
  handle(req, res).catch((e: unknown) => {
    console.error('model: request failed:', e);
    if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { message: 'scripted model crashed' } }));
  });
});
server.listen(port, host, () => console.log(`model: scripted model on http://${host}:${port}/v1`));

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    server.close();
    server.closeAllConnections();
    process.exit(0);
  });
}
