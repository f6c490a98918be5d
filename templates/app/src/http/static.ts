// Static files from public/ only (via `send`): dotfiles denied, `..` refused, directories 404.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type send from 'send';
import { answerError } from './http-errors.js';

type Send = typeof send;

// `send` and its mime-types table take ~45 ms to load, most of it before "listening": it is
// imported on the first static request instead, and called directly once loaded.
let loadedSend: Send | undefined;
let loadingSend: Promise<Send> | undefined;
function loadSend(): Promise<Send> {
  loadingSend ??= import('send').then((mod) => (loadedSend = mod.default));
  return loadingSend;
}

/** `path` is the still-encoded URL path below /public (or /index.html); send decodes and checks it. */
export function serveStatic(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  root: string,
): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('allow', 'GET, HEAD');
    answerError(res, 405);
    return;
  }
  if (loadedSend) {
    pipeFile(loadedSend, req, res, path, root);
    return;
  }
  loadSend().then(
    (sendFile) => pipeFile(sendFile, req, res, path, root),
    () => answerError(res, 500),
  );
}

function pipeFile(
  sendFile: Send,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  root: string,
): void {
  sendFile(req, path, { root, dotfiles: 'deny', index: false })
    .on('error', (err: { status?: number; statusCode?: number }) =>
      answerError(res, err.status ?? err.statusCode ?? 500),
    )
    .on('directory', () => answerError(res, 404))
    .on('headers', (r: ServerResponse) => r.setHeader('x-content-type-options', 'nosniff'))
    .pipe(res);
}
