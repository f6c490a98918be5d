// Loads config/config.json (+ .env and environment overrides), validates it with config.schema.json.

import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { Config } from './config-types.js';
import { createConfigValidator, formatIssue } from './config-validation.js';

/** The project folder (this file is src/config/load.ts or dist/config/load.js). */
export const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface LoadedConfig {
  config: Config;
  warnings: string[];
  /** Secrets come from the environment only, never from config.json. */
  redisUrl: string;
  tlsPassphrase: string | undefined;
  /** HEADERS_TIMEOUT_MS: how long a client may take to send its request headers (slowloris). */
  headersTimeoutMs: number;
}

export const defaultHeadersTimeoutMs = 10_000;

function headersTimeout(value: string | undefined): number | string {
  if (!value) return defaultHeadersTimeoutMs;
  const ms = /^\d+$/.test(value) ? Number(value) : NaN;
  if (ms >= 100 && ms <= 600_000) return ms;
  return `HEADERS_TIMEOUT_MS: "${value}" is not a whole number of milliseconds from 100 to 600000; unset it for the default (${defaultHeadersTimeoutMs}).`;
}

export class ConfigError extends Error {
  constructor(readonly lines: string[]) {
    super(lines.join('\n'));
  }
}

type Json = Record<string, unknown>;

function section(parent: Json, key: string): Json {
  const existing = parent[key];
  if (typeof existing === 'object' && existing !== null && !Array.isArray(existing)) return existing as Json;
  const created: Json = {};
  parent[key] = created;
  return created;
}

/** "8080" becomes 8080; anything else stays a string so the error quotes it. */
function numberish(value: string): string | number {
  return /^\d+$/.test(value) ? Number(value) : value;
}

/** "true"/"false" become booleans; anything else stays a string so the error quotes it. */
function booleanish(value: string): string | boolean {
  return value === 'true' ? true : value === 'false' ? false : value;
}

function applyEnv(input: Json, env: NodeJS.ProcessEnv): void {
  const web = () => section(section(input, 'servers'), 'web');
  if (env.PORT) web().port = numberish(env.PORT);
  if (env.BIND_IP) web().bindIP = env.BIND_IP;
  if (env.TLS_KEY_FILE) web().keyFile = env.TLS_KEY_FILE;
  if (env.TLS_CERT_FILE) web().certFile = env.TLS_CERT_FILE;
  if (env.LOG_LEVEL) section(input, 'webSockets').logLevel = env.LOG_LEVEL;
  if (env.REDIS_ENABLE) section(input, 'redis').enable = booleanish(env.REDIS_ENABLE);
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new ConfigError([`${file}: not found. Run \`yo actionhero-ws:config\` to write it.`]);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ConfigError([`${file}: not valid JSON (${(err as Error).message})`]);
  }
}

/** Throws ConfigError with one line per problem. */
export function loadConfig(root = projectRoot, env: NodeJS.ProcessEnv = process.env): LoadedConfig {
  const envFile = join(root, '.env');
  if (env === process.env && existsSync(envFile)) process.loadEnvFile(envFile);
  const schema = readJson(join(root, 'config', 'config.schema.json')) as object;
  const input = readJson(join(root, 'config', 'config.json'));
  if (typeof input === 'object' && input !== null && !Array.isArray(input)) applyEnv(input as Json, env);
  const result = createConfigValidator(schema)(input);
  const headersTimeoutMs = headersTimeout(env.HEADERS_TIMEOUT_MS);
  const lines = [...result.errors.map(formatIssue), ...(typeof headersTimeoutMs === 'string' ? [headersTimeoutMs] : [])];
  if (!result.ok || result.config === undefined || typeof headersTimeoutMs === 'string') throw new ConfigError(lines);
  return {
    config: result.config,
    warnings: result.warnings.map(formatIssue),
    redisUrl: env.REDIS_URL || result.config.redis.url,
    tlsPassphrase: env.TLS_PASSPHRASE || undefined,
    headersTimeoutMs,
  };
}

/** For entry points: the config, or the errors on stderr and exit code 1 (no stack trace). */
export function loadConfigOrExit(): LoadedConfig {
  try {
    const loaded = loadConfig();
    for (const warning of loaded.warnings) console.warn(`warning: ${warning}`);
    return loaded;
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(`Invalid configuration (config/config.json):\n${err.lines.join('\n')}`);
    process.exit(1);
  }
}
