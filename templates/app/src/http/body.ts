// Reads a bounded request body as JSON (or a urlencoded form) into a plain object.

import type { IncomingMessage } from 'node:http';
import { ActionError } from '../protocol/errors.js';

export const MAX_BODY_BYTES = 1_000_000;

export async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) {
      throw new ActionError(`body must be at most ${MAX_BODY_BYTES} bytes`, 413);
    }
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
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
