// Entry point: load the config, create the http(s) server and the app, listen, close on SIGTERM/SIGINT.

import { createApp } from './app.js';
import { exitOnStartupError } from './core/startup-error.js';
import { loadConfigOrExit, projectRoot } from './config/load.js';
import { createWebServer } from './http/server.js';
import { closeOnSignals, logStrayErrors } from './lifecycle/signals.js';

const {
  config,
  redisUrl,
  redisPassword,
  tlsPassphrase,
  headersTimeoutMs,
  jwtSecret,
  metricsToken,
} = loadConfigOrExit();
const server = createWebServer(config, projectRoot, tlsPassphrase, headersTimeoutMs);
const app = await createApp(server, config, {
  redisUrl,
  redisPassword,
  jwtSecret,
  metricsToken,
}).catch(exitOnStartupError);
logStrayErrors(app);
closeOnSignals(app);

const { port, bindIP, secure } = config.servers.web;
server.on('error', (err: NodeJS.ErrnoException) => {
  const hint =
    err.code === 'EADDRINUSE' ? ` (port ${port} is in use: set PORT or servers.web.port)` : '';
  console.error(`Cannot listen on ${bindIP}:${port}: ${err.message}${hint}`);
  process.exit(1);
});
server.listen(port, bindIP, () => {
  const address = server.address();
  const actual = typeof address === 'object' && address !== null ? address.port : port;
  app.log.info(
    `${config.general.serverName} listening on ${secure ? 'https' : 'http'}://${bindIP}:${actual}/`,
  );
});
