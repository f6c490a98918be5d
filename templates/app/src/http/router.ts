// Routes plain HTTP requests (socket.io's own path never reaches here): health, api, client config,
// static files.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AppState } from '../app-state.js';
import type { AdminPages } from '../admin/pages.js';
import { handleApi } from './api.js';
import { clientConfigBodies, sendClientConfig } from './client-config.js';
import { answerHealth } from './health.js';
import { metricsEndpoint } from '../metrics/endpoint.js';
import { answerError } from './http-errors.js';
import { serveStatic } from './static.js';

export function createRouter(
  state: AppState,
  publicDir: string,
  metricsToken?: string,
  /** With adminUi.enable: the admin page and its files, at adminUi.path. */
  adminPages?: AdminPages,
) {
  const clientConfig = clientConfigBodies(state.config);
  // The config validation keeps these clear of /api/, socket.io's path and the static files.
  const { livePath, readyPath } = state.config.health;
  // Undefined with metrics.enable false: the path is then an unknown one (404).
  const metricsPath = state.metrics && state.config.metrics.path;
  const serveMetrics = state.metrics && metricsEndpoint(state.metrics, metricsToken, state.log);

  function route(req: IncomingMessage, res: ServerResponse): void {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    const head = req.method === 'HEAD';

    if (path === livePath || path === readyPath) {
      answerHealth(state.health, res, req.method, path === livePath);
    } else if (path === metricsPath && serveMetrics !== undefined) {
      serveMetrics(req, res);
    } else if (adminPages?.owns(path) === true) {
      adminPages.serve(req, res, path, q < 0 ? '' : url.slice(q + 1));
    } else if (path.startsWith('/api/')) {
      let name: string;
      try {
        name = decodeURIComponent(path.slice(5));
      } catch {
        answerError(res, 400, 'Error: the action name in the path is not valid percent-encoding');
        return;
      }
      handleApi(state, req, res, name, q < 0 ? '' : url.slice(q + 1)).catch((err: unknown) => {
        state.log.error({ err }, 'http request failed');
        answerError(res, 500);
      });
    } else if (path === '/actionhero-ws/config.js') {
      sendClientConfig(res, clientConfig.js, 'text/javascript', head);
    } else if (path === '/actionhero-ws/config.json') {
      sendClientConfig(res, clientConfig.json, 'application/json', head);
    } else if (path === '/' || path === '/index.html') {
      serveStatic(req, res, '/index.html', publicDir);
    } else if (path.startsWith('/public/')) {
      serveStatic(req, res, path.slice(7), publicDir);
    } else {
      answerError(res, 404);
    }
  }

  return (req: IncomingMessage, res: ServerResponse): void => {
    try {
      route(req, res);
    } catch (err) {
      state.log.error({ err }, 'http request failed');
      answerError(res, 500);
    }
  };
}
