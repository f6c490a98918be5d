// The admin UI's page and files, served by this server from @socket.io/admin-ui's own build
// (ui/dist): adminUi.path/ is its page, the js, css and images below it are static files.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Config } from '../config/config-types.js';
import { answerError } from '../http/http-errors.js';
import { serveStatic } from '../http/static.js';
import { socketPath } from '../socket/options.js';

/** The socket.io namespace the UI connects to (also the UI's own default). */
export const ADMIN_NAMESPACE = '/admin';

/** A script of ours, loaded by the page before the UI's own: where to connect by default. */
const DEFAULTS_FILE = 'connect-defaults.js';

/**
 * Only this server, the inline styles the UI's components write, and images as data: URLs;
 * no framing (the page holds a session that can watch every connection).
 */
const PAGE_POLICY = [
  "default-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

export interface AdminPages {
  /** Whether `path` (the URL path, still encoded) is the admin page or one of its files. */
  owns(path: string): boolean;
  serve(req: IncomingMessage, res: ServerResponse, path: string, query: string): void;
}

/** Where the package keeps the UI's build: index.html, js/, css/, img/. */
function uiRoot(): string {
  const manifest = createRequire(import.meta.url).resolve('@socket.io/admin-ui/package.json');
  return join(dirname(manifest), 'ui', 'dist');
}

/**
 * The package's page, changed in two ways: its two stylesheet links to public CDNs (a web font
 * and an icon font) are left out, so the browser fetches nothing but this server's files (the
 * text falls back to the system font and icons show as blanks), and our defaults script runs
 * before the UI reads them.
 */
function adminIndex(html: string): string {
  return html
    .replace(/<link [^>]*href="https?:\/\/[^"]*"[^>]*>/g, '')
    .replace('<script ', `<script src="${DEFAULTS_FILE}"></script><script `);
}

/**
 * The UI reads where to connect from localStorage (keys server_url, path, namespace, ws_only)
 * and asks for a server URL when there is none: this points a first visit at this same server,
 * with this server's socket.io path. A URL saved by an earlier sign-in is left alone.
 */
function connectDefaults(config: Config): string {
  const wsOnly = !config.webSockets.options.transports.includes('polling');
  const defaults = {
    path: socketPath(config),
    namespace: ADMIN_NAMESPACE,
    ws_only: String(wsOnly),
  };
  return `// Written by the server: connect to this same server unless another was chosen before.
try {
  if (!localStorage.getItem('server_url')) {
    localStorage.setItem('server_url', location.origin);
    for (const [key, value] of Object.entries(${JSON.stringify(defaults)})) {
      localStorage.setItem(key, value);
    }
  }
} catch {
  // Storage blocked: the UI's connect form then asks for the server URL.
}
`;
}

function sendText(
  req: IncomingMessage,
  res: ServerResponse,
  body: string,
  headers: Record<string, string>,
): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('allow', 'GET, HEAD');
    answerError(res, 405);
    return;
  }
  res.writeHead(200, {
    ...headers,
    'cache-control': 'no-cache',
    'x-content-type-options': 'nosniff',
    'content-length': Buffer.byteLength(body),
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

export function createAdminPages(config: Config): AdminPages {
  const base = config.adminUi.path;
  const root = uiRoot();
  const index = adminIndex(readFileSync(join(root, 'index.html'), 'utf8'));
  const defaults = connectDefaults(config);
  const lastSegment = base.slice(base.lastIndexOf('/') + 1);

  return {
    owns: (path) => path === base || path.startsWith(`${base}/`),
    serve(req, res, path, query) {
      const rest = path.slice(base.length);
      if (rest === '') {
        // The page links its files relatively (js/app.js): they resolve below base/ only.
        // A relative Location keeps working behind a proxy that serves the app under a prefix.
        res.writeHead(302, {
          location: `${lastSegment}/${query === '' ? '' : `?${query}`}`,
          'content-length': 0,
        });
        res.end();
      } else if (rest === '/' || rest === '/index.html') {
        sendText(req, res, index, {
          'content-type': 'text/html; charset=utf-8',
          'content-security-policy': PAGE_POLICY,
          'referrer-policy': 'no-referrer',
        });
      } else if (rest === `/${DEFAULTS_FILE}`) {
        sendText(req, res, defaults, { 'content-type': 'text/javascript; charset=utf-8' });
      } else {
        serveStatic(req, res, rest, root);
      }
    },
  };
}
