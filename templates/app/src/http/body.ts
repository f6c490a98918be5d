// Reads a bounded request body as JSON (or a urlencoded form) into a plain object.

import type { IncomingMessage } from 'node:http';
import { ActionError } from '../protocol/errors.js';

export const MAX_BODY_BYTES = 1_000_000;

function tooLarge(): ActionError {
  return new ActionError(`body must be at most ${MAX_BODY_BYTES} bytes`, 413);
}

/**
 * The raw body, at most MAX_BODY_BYTES. A body declared or found larger is refused (413) as
 * soon as that is known; the rest of it is read and dropped rather than the socket destroyed, so
 * the client still gets the answer (a client that is still sending would otherwise see its
 * connection reset instead of the 413) and the server's request timeout still bounds it.
 */
function readRaw(req: IncomingMessage): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (declared > MAX_BODY_BYTES) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = (): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onCut);
      req.off('close', onCut);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) {
        chunks.push(chunk);
        return;
      }
      stop();
      chunks.length = 0;
      req.resume();
      reject(tooLarge());
    };
    const onEnd = (): void => {
      stop();
      resolve(Buffer.concat(chunks, size));
    };
    // The client went away before its body was complete: its mistake, answered (if it can
    // still hear) with a 400, not a server error.
    const onCut = (): void => {
      stop();
      reject(new ActionError('body was cut off before its end', 400));
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onCut);
    req.on('close', onCut);
  });
}

export async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const text = (await readRaw(req)).toString('utf8');
  if (text.trim() === '') return {};
  if ((req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
    return Object.fromEntries(new URLSearchParams(text));
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ActionError('body must be valid JSON', 400);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ActionError('body must be a JSON object', 400);
  }
  return parsed as Record<string, unknown>;
}
