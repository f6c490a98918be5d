// GET metrics.path: the Prometheus text, behind `Authorization: Bearer METRICS_TOKEN` when set.

import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { answerError } from '../http/http-errors.js';
import type { Metrics } from './metrics.js';

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

export function metricsEndpoint(metrics: Metrics, token: string | undefined, log: Logger) {
  // Compared as digests of equal length, so the time taken tells nothing about the token.
  const expected = token ? digest(`Bearer ${token}`) : undefined;

  return (req: IncomingMessage, res: ServerResponse): void => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      answerError(res, 405, 'Error: metrics are read with GET');
      return;
    }
    if (expected !== undefined) {
      const given = req.headers.authorization;
      if (given === undefined || !timingSafeEqual(digest(given), expected)) {
        res.setHeader('www-authenticate', 'Bearer');
        answerError(
          res,
          401,
          'Error: metrics need the header `Authorization: Bearer METRICS_TOKEN`',
        );
        return;
      }
    }
    metrics.scrape().then(
      (body) => {
        res.writeHead(200, { 'content-type': metrics.contentType });
        res.end(req.method === 'HEAD' ? undefined : body);
      },
      (err: unknown) => {
        log.warn({ err }, 'metrics could not be collected');
        answerError(res, 503, 'Error: metrics could not be collected, try again');
      },
    );
  };
}
