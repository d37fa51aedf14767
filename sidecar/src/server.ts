import { configFrom, describeConfig } from './config.ts';
import { createApp } from './app.ts';

let config;
try {
  config = configFrom();
} catch (err) {
  console.error(`sidecar: ${(err as Error).message}`);
  process.exit(2);
}
if (process.env.DANCODES_DEBUG) console.log('sidecar config:', describeConfig(config));

const server = createApp(config).listen(config.port, config.host, () => {
  console.log(`sidecar listening on http://${config.host}:${config.port}`);
});
server.on('error', (err) => {
  console.error(`sidecar: cannot listen on ${config.host}:${config.port}: ${err.message}`);
  process.exit(1);
});
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
