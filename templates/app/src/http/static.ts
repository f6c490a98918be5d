// Static files from public/ only (via `send`): dotfiles denied, `..` refused, directories 404.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { STATUS_CODES } from 'node:http';
import send from 'send';

export function plain(res: ServerResponse, status: number): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = STATUS_CODES[status] ?? 'Error';
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' });
  res.end(body);
}

/** `path` is the still-encoded URL path below /public (or /index.html); send decodes and checks it. */
export function serveStatic(req: IncomingMessage, res: ServerResponse, path: string, root: string): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('allow', 'GET, HEAD');
    plain(res, 405);
    return;
  }
  send(req, path, { root, dotfiles: 'deny', index: false })
    .on('error', (err: { status?: number; statusCode?: number }) => plain(res, err.status ?? err.statusCode ?? 500))
    .on('directory', () => plain(res, 404))
    .on('headers', (r: ServerResponse) => r.setHeader('x-content-type-options', 'nosniff'))
    .pipe(res);
}
