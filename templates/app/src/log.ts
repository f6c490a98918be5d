// The server's logger (pino, JSON lines on stdout), at webSockets.logLevel.

import { pino, type Logger } from 'pino';
import type { Config } from './config/config-types.js';

export function createLogger(config: Config): Logger {
  return pino({ level: config.webSockets.logLevel, base: { pid: process.pid } });
}
