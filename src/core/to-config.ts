// Answers become a config (SPEC 6.1) and, apart from it, the secrets that only .env may hold.
import type { Answers, Secrets } from './answers.js';
import { flagOf, transportChoices } from './answers.js';
import type { ConfigIssue } from '../shared/config-validation.js';

export interface ConfigDraft {
  /** Unvalidated: the schema judges it next. */
  config: Record<string, unknown>;
  /** Environment variables for the git-ignored .env. */
  env: Record<string, string>;
}

export function answersToConfig(answers: Answers, secrets: Secrets = {}): ConfigDraft {
  const { url, password } = splitRedisUrl(answers.redisUrl);
  const env: Record<string, string> = {};
  if (password !== undefined) env.REDIS_URL = answers.redisUrl;
  if (secrets.tlsPassphrase) env.TLS_PASSPHRASE = secrets.tlsPassphrase;
  const { transports, ...options } = answers.options;
  return {
    config: {
      $schema: './config.schema.json',
      general: { serverName: answers.serverName, welcomeMessage: answers.welcomeMessage },
      servers: {
        web: {
          port: answers.port,
          secure: answers.https,
          keyFile: answers.https ? answers.keyFile : null,
          certFile: answers.https ? answers.certFile : null,
        },
      },
      webSockets: {
        logLevel: answers.logLevel,
        settings: answers.settings,
        // --transport decides the transports; an explicit --option transports=... wins over it.
        options: { transports: transports ?? answers.transport.split(','), ...options },
      },
      redis: { enable: answers.redis, url },
    },
    env,
  };
}

/** The URL without its password, and the password if there was one. */
export function splitRedisUrl(redisUrl: string): { url: string; password?: string } {
  let parsed: URL;
  try {
    parsed = new URL(redisUrl);
  } catch {
    return { url: redisUrl }; // the schema reports it, with the allowed form
  }
  if (parsed.password === '') return { url: redisUrl };
  const password = decodeURIComponent(parsed.password);
  parsed.password = '';
  return {
    url: parsed
      .toString()
      .replace(/\/$/, '')
      .replace(/^(rediss?:\/\/)@/, '$1'),
    password,
  };
}

/** What config paths were set by which flag, so an error can say what to pass instead. */
const FLAG_OF_PATH: Record<string, string> = {
  'general.serverName': flagOf('serverName'),
  'general.welcomeMessage': flagOf('welcomeMessage'),
  'servers.web.port': flagOf('port'),
  'servers.web.keyFile': flagOf('keyFile'),
  'servers.web.certFile': flagOf('certFile'),
  'webSockets.logLevel': flagOf('logLevel'),
  'webSockets.settings': flagOf('settings'),
  'webSockets.options.transports': flagOf('transport'),
  'redis.url': flagOf('redisUrl'),
};

/** The flag that sets the config field at `path` (or an item of it), if an answer does. */
export function flagOfPath(path: string): string | undefined {
  const direct = Object.entries(FLAG_OF_PATH).find(
    ([prefix]) => path === prefix || path.startsWith(`${prefix}[`),
  )?.[1];
  return direct ?? (path.startsWith('webSockets.options') ? flagOf('options') : undefined);
}

/** Adds the flag to pass to an issue found in the config built from answers. */
export function withFlag(issue: ConfigIssue): ConfigIssue {
  const flag = flagOfPath(issue.path);
  return flag ? { ...issue, message: `${issue.message}; set it with ${flag}` } : issue;
}

const PACKAGE_NAME = /^(?:@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$/;

/** npm's rules for a package name, as one issue or none. */
export function checkPackageName(name: unknown): ConfigIssue[] {
  if (typeof name === 'string' && name.length <= 214 && PACKAGE_NAME.test(name)) return [];
  return [
    {
      path: 'name',
      message:
        'must be an npm package name: lower case letters, digits, - . _ ~, at most 214 ' +
        `characters; set it with --name (got ${JSON.stringify(name)})`,
    },
  ];
}

/** --transport takes one of the orders the schema allows, checked before it becomes a list. */
export function checkTransport(transport: unknown): ConfigIssue[] {
  const allowed = transportChoices().map((choice) => choice.value);
  if (typeof transport === 'string' && allowed.includes(transport)) return [];
  return [
    {
      path: 'transport',
      message: `must be one of ${allowed.map((value) => JSON.stringify(value)).join(', ')}; set it with --transport (got ${JSON.stringify(transport)})`,
    },
  ];
}
