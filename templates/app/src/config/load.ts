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
  /** WORKERS, for npm run start:cluster; undefined means one per CPU. */
  workers: number | undefined;
}

export const defaultHeadersTimeoutMs = 10_000;

/** A problem in config/config.json goes in `lines`; one in an environment variable in `envLines`. */
export class ConfigError extends Error {
  constructor(
    readonly lines: string[],
    readonly envLines: string[] = [],
  ) {
    super(
      [
        ...(lines.length > 0 ? ['Invalid configuration (config/config.json):', ...lines] : []),
        ...(envLines.length > 0 ? ['Invalid environment (set in the environment or .env; it overrides config/config.json):', ...envLines] : []),
      ].join('\n'),
    );
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

/** Environment variables that replace a config field before validation. */
const OVERRIDES: readonly { name: string; path: readonly [string, ...string[]]; parse?: (value: string) => unknown }[] = [
  { name: 'PORT', path: ['servers', 'web', 'port'], parse: numberish },
  { name: 'BIND_IP', path: ['servers', 'web', 'bindIP'] },
  { name: 'TLS_KEY_FILE', path: ['servers', 'web', 'keyFile'] },
  { name: 'TLS_CERT_FILE', path: ['servers', 'web', 'certFile'] },
  { name: 'LOG_LEVEL', path: ['webSockets', 'logLevel'] },
  { name: 'REDIS_ENABLE', path: ['redis', 'enable'], parse: booleanish },
];

/** Sets the overridden fields in `input`; returns the variables set, by the config path they set. */
function applyEnv(input: Json, env: NodeJS.ProcessEnv): Map<string, { name: string; value: string }> {
  const applied = new Map<string, { name: string; value: string }>();
  for (const { name, path, parse } of OVERRIDES) {
    const value = env[name];
    if (!value) continue;
    const keys = [...path];
    const last = keys.pop() as string;
    keys.reduce(section, input)[last] = parse ? parse(value) : value;
    applied.set(path.join('.'), { name, value });
  }
  return applied;
}

/**
 * The validator's message with the variable's own text as the bad value: `PORT=99999` gives
 * `PORT: must be an integer from 0 to 65535 (got "99999")`.
 */
function envLine(name: string, value: string, message: string): string {
  return `${name}: ${message.replace(/ \(got [^]*\)$/, '')} (got ${JSON.stringify(value)})`;
}

/** The checks of the variables that are not config fields. */
function otherEnvLines(env: NodeJS.ProcessEnv): string[] {
  const lines: string[] = [];
  const { HEADERS_TIMEOUT_MS: headers, WORKERS: workers, REDIS_URL: redisUrl } = env;
  if (headers && headersTimeout(headers) === undefined) {
    lines.push(envLine('HEADERS_TIMEOUT_MS', headers, `must be a whole number of milliseconds from 100 to 600000; unset it for the default (${defaultHeadersTimeoutMs})`));
  }
  if (workers && workerCount(workers) === undefined) {
    lines.push(envLine('WORKERS', workers, 'must be an integer >= 1; unset it for one worker per CPU'));
  }
  if (redisUrl && !isRedisUrl(redisUrl)) {
    lines.push(envLine('REDIS_URL', redactPassword(redisUrl), 'must be a redis:// or rediss:// URL such as redis://:PASSWORD@127.0.0.1:6379/0'));
  }
  return lines;
}

function headersTimeout(value: string): number | undefined {
  const ms = /^\d+$/.test(value) ? Number(value) : NaN;
  return ms >= 100 && ms <= 600_000 ? ms : undefined;
}

function workerCount(value: string): number | undefined {
  const count = /^\d+$/.test(value) ? Number(value) : NaN;
  return count >= 1 ? count : undefined;
}

function isRedisUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'redis:' || url.protocol === 'rediss:') && url.hostname !== '' && /^(\/\d*)?$/.test(url.pathname);
  } catch {
    return false;
  }
}

/** `redis://user:secret@host` → `redis://***@host`: an error message never shows a password. */
function redactPassword(value: string): string {
  const at = value.lastIndexOf('@');
  return at === -1 ? value : `${/^[a-z]+:\/\//i.exec(value)?.[0] ?? ''}***${value.slice(at)}`;
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

/**
 * Throws ConfigError with one line per problem: those of config/config.json as the validator
 * words them, those of an environment variable under the variable's name.
 */
export function loadConfig(root = projectRoot, env: NodeJS.ProcessEnv = process.env): LoadedConfig {
  const envFile = join(root, '.env');
  if (env === process.env && existsSync(envFile)) process.loadEnvFile(envFile);
  const schema = readJson(join(root, 'config', 'config.schema.json')) as object;
  const input = readJson(join(root, 'config', 'config.json'));
  const overridden = typeof input === 'object' && input !== null && !Array.isArray(input) ? applyEnv(input as Json, env) : new Map();
  const result = createConfigValidator(schema)(input);
  const fileLines: string[] = [];
  const envLines: string[] = [];
  for (const issue of result.errors) {
    const variable = overridden.get(issue.path);
    if (variable) envLines.push(envLine(variable.name, variable.value, issue.message));
    else fileLines.push(formatIssue(issue));
  }
  envLines.push(...otherEnvLines(env));
  if (!result.ok || result.config === undefined || envLines.length > 0) throw new ConfigError(fileLines, envLines);
  return {
    config: result.config,
    warnings: result.warnings.map(formatIssue),
    redisUrl: env.REDIS_URL || result.config.redis.url,
    tlsPassphrase: env.TLS_PASSPHRASE || undefined,
    // Both were checked above: unset (or empty) gives the default.
    headersTimeoutMs: headersTimeout(env.HEADERS_TIMEOUT_MS ?? '') ?? defaultHeadersTimeoutMs,
    workers: workerCount(env.WORKERS ?? ''),
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
    console.error(err.message);
    process.exit(1);
  }
}
