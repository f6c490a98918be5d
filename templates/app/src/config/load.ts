// Loads config/config.json (+ .env and environment overrides), validates it with config.schema.json.

import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { Config } from './config-types.js';
import { createConfigValidator, formatIssue } from './config-validation.js';
import { schemaValidator } from './schema-validator.js';
import { environment, type EnvVariable } from './env.js';
import { keySourceConflict, MIN_JWT_SECRET_BYTES, publicKeySource } from '../auth/key-source.js';

export { MIN_JWT_SECRET_BYTES };

/** The project folder (this file is src/config/load.ts or dist/config/load.js). */
export const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface LoadedConfig {
  config: Config;
  warnings: string[];
  /** Secrets come from the environment only, never from config.json. */
  redisUrl: string;
  /** REDIS_PASSWORD: the Redis Cluster nodes' password; undefined means none. */
  redisPassword: string | undefined;
  tlsPassphrase: string | undefined;
  /**
   * JWT_SECRET, with auth.mode jwt and no public key (checked: at least 32 bytes); undefined
   * otherwise.
   */
  jwtSecret: string | undefined;
  /** METRICS_TOKEN: the bearer token GET metrics.path asks for; undefined means none. */
  metricsToken: string | undefined;
  /** HEADERS_TIMEOUT_MS: how long a client may take to send its request headers (slowloris). */
  headersTimeoutMs: number;
  /** WORKERS, for npm run start:cluster; undefined means one per CPU. */
  workers: number | undefined;
}

export const defaultHeadersTimeoutMs: number = environment.HEADERS_TIMEOUT_MS.default;

/** A problem in config/config.json goes in `lines`; one in an environment variable in `envLines`. */
export class ConfigError extends Error {
  constructor(
    readonly lines: string[],
    readonly envLines: string[] = [],
  ) {
    super(
      [
        ...(lines.length > 0 ? ['Invalid configuration (config/config.json):', ...lines] : []),
        ...(envLines.length > 0
          ? [
              'Invalid environment (set in the environment or .env; it overrides config/config.json):',
              ...envLines,
            ]
          : []),
      ].join('\n'),
    );
  }
}

type Json = Record<string, unknown>;

function section(parent: Json, key: string): Json {
  const existing = parent[key];
  if (typeof existing === 'object' && existing !== null && !Array.isArray(existing)) {
    return existing as Json;
  }
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

/** "redis://a:6379, redis://b:6379" becomes a list of the URLs (empty items dropped). */
function listish(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** The variables of env.ts that replace a config field before validation. */
const readers = { integer: numberish, boolean: booleanish, list: listish } as const;
const OVERRIDES = Object.entries(environment as Readonly<Record<string, EnvVariable>>).flatMap(
  ([name, variable]) =>
    variable.path === undefined
      ? []
      : [{ name, path: variable.path, parse: variable.read && readers[variable.read] }],
);

/** Sets the overridden fields in `input`; returns the variables set, by the config path they set. */
function applyEnv(
  input: Json,
  env: NodeJS.ProcessEnv,
): Map<string, { name: string; value: string }> {
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
function otherEnvLines(env: NodeJS.ProcessEnv, config: Config | undefined): string[] {
  const lines: string[] = [];
  const { HEADERS_TIMEOUT_MS, WORKERS, REDIS_URL, JWT_SECRET } = environment;
  // With auth.publicKeyFile or auth.jwksUrl, tokens are checked with a public key instead.
  if (config?.auth.mode === 'jwt' && publicKeySource(config.auth) === undefined) {
    const secret = env.JWT_SECRET ?? '';
    if (secret === '') {
      lines.push(
        `JWT_SECRET: must be set with auth.mode jwt (or set auth.publicKeyFile or auth.jwksUrl): ${JWT_SECRET.accepted}`,
      );
    } else if (Buffer.byteLength(secret) < MIN_JWT_SECRET_BYTES) {
      // The secret itself is never shown: only its length.
      lines.push(
        `JWT_SECRET: must be ${JWT_SECRET.accepted} (got ${Buffer.byteLength(secret)} bytes)`,
      );
    }
  }
  if (env.HEADERS_TIMEOUT_MS && headersTimeout(env.HEADERS_TIMEOUT_MS) === undefined) {
    lines.push(
      envLine(
        'HEADERS_TIMEOUT_MS',
        env.HEADERS_TIMEOUT_MS,
        `must be ${HEADERS_TIMEOUT_MS.accepted}; unset it for the default (${HEADERS_TIMEOUT_MS.default})`,
      ),
    );
  }
  if (env.WORKERS && workerCount(env.WORKERS) === undefined) {
    lines.push(
      envLine(
        'WORKERS',
        env.WORKERS,
        `must be ${WORKERS.accepted}; unset it for ${WORKERS.default}`,
      ),
    );
  }
  if (env.REDIS_URL && !isRedisUrl(env.REDIS_URL)) {
    lines.push(
      envLine('REDIS_URL', redactPassword(env.REDIS_URL), `must be ${REDIS_URL.accepted}`),
    );
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
    return (
      (url.protocol === 'redis:' || url.protocol === 'rediss:') &&
      url.hostname !== '' &&
      /^(\/\d*)?$/.test(url.pathname)
    );
  } catch {
    return false;
  }
}

/** Every `//user:secret@` in a text → `//***@`. */
function redactPasswords(text: string): string {
  return text.replace(/\/\/[^@/"\s]*@/g, '//***@');
}

/** `redis://user:secret@host` → `redis://***@host`: an error message never shows a password. */
function redactPassword(value: string): string {
  const at = value.lastIndexOf('@');
  return at === -1 ? value : `${/^[a-z]+:\/\//i.exec(value)?.[0] ?? ''}***${value.slice(at)}`;
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    throw new ConfigError([`${file}: not found. Run \`yo actionhero-ws:config\` to write it.`]);
  }
}

function readJson(file: string, text = readText(file)): unknown {
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
  const schemaFile = join(root, 'config', 'config.schema.json');
  const schemaText = readText(schemaFile);
  readJson(schemaFile, schemaText); // a broken schema file is named as such
  const input = readJson(join(root, 'config', 'config.json'));
  const overridden =
    typeof input === 'object' && input !== null && !Array.isArray(input)
      ? applyEnv(input as Json, env)
      : new Map();
  const result = createConfigValidator(schemaValidator(schemaText))(input);
  const fileLines: string[] = [];
  const envLines: string[] = [];
  for (const issue of result.errors) {
    const variable = overridden.get(issue.path);
    // An item of a list variable (REDIS_CLUSTER): the message already quotes the bad item.
    const listed = variable ? undefined : overridden.get(issue.path.replace(/\[\d+\]$/, ''));
    if (variable) envLines.push(envLine(variable.name, variable.value, issue.message));
    else if (listed) envLines.push(`${listed.name}: each item ${redactPasswords(issue.message)}`);
    else fileLines.push(formatIssue(issue));
  }
  envLines.push(...otherEnvLines(env, result.config));
  const conflict = result.config?.auth.mode === 'jwt' && keySourceConflict(result.config.auth);
  if (conflict) fileLines.push(conflict);
  if (!result.ok || result.config === undefined || fileLines.length > 0 || envLines.length > 0) {
    throw new ConfigError(fileLines, envLines);
  }
  return {
    config: result.config,
    warnings: result.warnings.map(formatIssue),
    redisUrl: env.REDIS_URL || result.config.redis.url,
    redisPassword: env.REDIS_PASSWORD || undefined,
    tlsPassphrase: env.TLS_PASSPHRASE || undefined,
    jwtSecret:
      result.config.auth.mode === 'jwt' && publicKeySource(result.config.auth) === undefined
        ? env.JWT_SECRET
        : undefined,
    metricsToken: env.METRICS_TOKEN || undefined,
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
