// The answers of the generator, one registry entry each: its flag, help text, question, default,
// the config field it decides and how it converts to and from that field. Flags, prompts, the
// config, `:config` updates and error hints are all derived from this list (see
// answer-registry.ts), and so is the `Answers` type: adding an answer means adding one entry here
// (and its field to the schema). Choices and defaults come from the config schema.
import { LOG_LEVELS } from '../legacy/legacy-keys.js';
import { schemaDefault, schemaEnum } from '../config-schema.js';
import { splitRedisUrl } from './redis-url.js';
import type { Config } from '../shared/config-types.js';

/** How a flag's text becomes the answer's value. */
export interface KindValues {
  string: string;
  /** A file path, or null where the answer does not apply (no key file for http). */
  file: string | null;
  /** A number once parsed; text that is not one is kept for the schema to report as typed. */
  integer: number | string;
  boolean: boolean;
  /** Repeated flags or comma-separated values. */
  list: string[];
  /** `KEY=VALUE` pairs, dotted keys nesting. */
  keyValues: Record<string, unknown>;
}

export type Kind = keyof KindValues;

/** The answers known while others are still being decided: read with care, any may be missing. */
export type AnswerDraft = Readonly<Record<string, unknown>>;

/** Answers that are secrets: they reach only the git-ignored .env, never .yo-rc.json. */
export interface Secrets {
  tlsPassphrase?: string;
}

export interface Choice {
  name: string;
  value: string;
}

export interface AnswerSpec<N extends string = string, K extends Kind = Kind> {
  name: N;
  /** The command-line flag, without dashes. */
  flag: string;
  kind: K;
  description: string;
  /** Prompt text; answers without one are never asked (flags or stored answers only). */
  question?: string;
  promptType?: 'input' | 'confirm' | 'select' | 'checkbox';
  choices?: () => Choice[];
  /** The config field this answer decides; none for an answer that lives outside the config. */
  path?: string;
  /** The answer is an object whose keys are merged one by one into the object at `path`. */
  mergeKeys?: true;
  /** The default, given the answers so far. */
  defaultValue(answers: AnswerDraft): KindValues[K] | undefined;
  /** Asked only when this holds for the answers so far. */
  when?(answers: AnswerDraft): boolean;
  /** A refinement after the kind's parsing (`08080` → 8080, legacy log level `2` → `info`). */
  parse?(value: KindValues[K]): KindValues[K];
  /** The value written at `path`, where it is not the answer itself. */
  toConfig?(value: KindValues[K], answers: AnswerDraft): unknown;
  /** The answer that reproduces a config, where it is not the value at `path`. */
  fromConfig?(config: Config, previous: AnswerDraft): KindValues[K] | undefined;
  /** Environment variables for .env that this answer holds (a password inside a URL). */
  secrets?(value: KindValues[K]): Record<string, string>;
}

/** Keeps each entry's literal name and kind, from which `Answers` is derived. */
function answer<const N extends string, K extends Kind>(spec: AnswerSpec<N, K>): AnswerSpec<N, K> {
  return spec;
}

/** Every order of one or two transports the schema allows, the schema's default first. */
export function transportChoices(): Choice[] {
  const [first, second] = schemaEnum('webSockets.options.transports');
  if (!first || !second) throw new Error('config.schema.json: transports must list two values');
  const orders = [`${first},${second}`, `${second},${first}`, first, second];
  const preferred = schemaDefault<string[]>('webSockets.options.transports').join(',');
  const labels: Record<string, string> = {
    [`${first},${second}`]: `${first} first, ${second} as fallback`,
    [`${second},${first}`]: `${second} first, upgrading to ${first} (socket.io's default order)`,
    [first]: `${first} only`,
    [second]: `${second} only (hosts without websockets)`,
  };
  return orders
    .sort((a, b) => Number(b === preferred) - Number(a === preferred))
    .map((value) => ({ name: labels[value] ?? value, value }));
}

/** A PEM file for https, by default the development pair `npm run cert` makes; null for http. */
function tlsFileAnswer<const N extends string>(
  name: N,
  flag: string,
  what: string,
  developmentFile: string,
  path: string,
): AnswerSpec<N, 'file'> {
  return answer({
    name,
    flag,
    kind: 'file',
    description: `${what} (PEM) for https (default: ${developmentFile}, made by \`npm run cert\`)`,
    path,
    defaultValue: (answers) => (answers.https === true ? developmentFile : null),
    toConfig: (value, answers) => (answers.https === true ? value : null),
  });
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : undefined;

export const answerSpecs = [
  answer({
    name: 'name',
    flag: 'name',
    kind: 'string',
    description: 'npm package name of the project (default: the folder name)',
    question: 'Project name',
    promptType: 'input',
    defaultValue: (answers) => text(answers.name),
    fromConfig: (_config, previous) => text(previous.name),
  }),
  answer({
    name: 'transport',
    flag: 'transport',
    kind: 'string',
    description: `transports in order: ${transportChoices()
      .map((choice) => choice.value)
      .join(' | ')}`,
    question: 'Transport',
    promptType: 'select',
    choices: transportChoices,
    path: 'webSockets.options.transports',
    defaultValue: () => schemaDefault<string[]>('webSockets.options.transports').join(','),
    // An explicit --option transports=... wins over --transport.
    toConfig: (value, answers) =>
      (answers.options as Record<string, unknown> | undefined)?.transports ?? value.split(','),
    fromConfig: (config) => config.webSockets.options.transports.join(','),
  }),
  answer({
    name: 'https',
    flag: 'https',
    kind: 'boolean',
    description: 'serve https (--no-https for http)',
    question: 'Serve https? (a development certificate is made by `npm run cert`)',
    promptType: 'confirm',
    path: 'servers.web.secure',
    defaultValue: () => schemaDefault<boolean>('servers.web.secure'),
  }),
  tlsFileAnswer('keyFile', 'key-file', 'TLS key', 'certs/dev-key.pem', 'servers.web.keyFile'),
  tlsFileAnswer(
    'certFile',
    'cert-file',
    'TLS certificate',
    'certs/dev-cert.pem',
    'servers.web.certFile',
  ),
  answer({
    name: 'port',
    flag: 'port',
    kind: 'integer',
    description: `port to listen on (default ${schemaDefault<number>('servers.web.port')})`,
    question: 'Port',
    promptType: 'input',
    path: 'servers.web.port',
    defaultValue: () => schemaDefault<number>('servers.web.port'),
  }),
  answer({
    name: 'redis',
    flag: 'redis',
    kind: 'boolean',
    description: 'use Redis: socket.io adapter, cache, cluster-wide rooms (--no-redis: in memory)',
    question: 'Use Redis (several processes share rooms and cache)?',
    promptType: 'confirm',
    path: 'redis.enable',
    defaultValue: () => schemaDefault<boolean>('redis.enable'),
  }),
  answer({
    name: 'redisUrl',
    flag: 'redis-url',
    kind: 'string',
    description: `default REDIS_URL (default ${schemaDefault<string>('redis.url')}); a password goes to .env only`,
    question: 'Redis URL',
    promptType: 'input',
    path: 'redis.url',
    when: (answers) => answers.redis === true,
    defaultValue: () => schemaDefault<string>('redis.url'),
    // The committed config holds the URL without its password; .env holds the whole URL.
    toConfig: (value) => splitRedisUrl(value).url,
    fromConfig: (config) => splitRedisUrl(config.redis.url).url,
    secrets: (value): Record<string, string> =>
      splitRedisUrl(value).password === undefined ? {} : { REDIS_URL: value },
  }),
  answer({
    name: 'redisCluster',
    flag: 'redis-cluster',
    kind: 'list',
    description:
      'Redis Cluster seed node URLs, repeatable (redis://host:port, no password: REDIS_PASSWORD in .env holds it)',
    path: 'redis.cluster',
    when: (answers) => answers.redis === true,
    defaultValue: () => schemaDefault<string[]>('redis.cluster'),
    fromConfig: (config) => [...config.redis.cluster],
  }),
  answer({
    name: 'redisAdapter',
    flag: 'redis-adapter',
    kind: 'string',
    description: `how nodes pass broadcasts: ${schemaEnum('redis.adapter').join(' | ')} (streams: needed for connectionStateRecovery; sharded: Redis 7, the default with --redis-cluster)`,
    question:
      'Redis adapter (pubsub: any Redis; sharded: Redis 7 sharded pub/sub; streams: recovers dropped connections)',
    promptType: 'select',
    choices: () => schemaEnum('redis.adapter').map((mode) => ({ name: mode, value: mode })),
    path: 'redis.adapter',
    when: (answers) => answers.redis === true,
    defaultValue: (answers) =>
      Array.isArray(answers.redisCluster) && answers.redisCluster.length > 0
        ? 'sharded'
        : schemaDefault<string>('redis.adapter'),
  }),
  answer({
    name: 'settings',
    flag: 'setting',
    kind: 'list',
    description: `socket.io flag to switch on, repeatable: ${schemaEnum('webSockets.settings').join(', ')}`,
    question: 'socket.io settings to switch on',
    promptType: 'checkbox',
    choices: () => schemaEnum('webSockets.settings').map((flag) => ({ name: flag, value: flag })),
    path: 'webSockets.settings',
    defaultValue: () => schemaDefault<string[]>('webSockets.settings'),
    fromConfig: (config) => [...config.webSockets.settings],
  }),
  answer({
    name: 'options',
    flag: 'option',
    kind: 'keyValues',
    description:
      'socket.io option KEY=VALUE, repeatable (e.g. pingInterval=10000, cors.origin=https://a.example)',
    question: 'socket.io options, as KEY=VALUE separated by spaces (empty for none)',
    promptType: 'input',
    path: 'webSockets.options',
    mergeKeys: true,
    defaultValue: () => ({}),
  }),
  answer({
    name: 'logLevel',
    flag: 'log-level',
    kind: 'string',
    description: `log level: ${schemaEnum('webSockets.logLevel').join(', ')} (legacy 0-3 accepted)`,
    question: 'Log level',
    promptType: 'select',
    choices: () =>
      schemaEnum('webSockets.logLevel').map((level) => ({ name: level, value: level })),
    path: 'webSockets.logLevel',
    defaultValue: () => schemaDefault<string>('webSockets.logLevel'),
    // actionHero's numeric levels of old: 0 error ... 3 debug.
    parse: (value) => (/^[0-3]$/.test(value) ? (LOG_LEVELS[Number(value)] ?? value) : value),
  }),
  answer({
    name: 'serverName',
    flag: 'server-name',
    kind: 'string',
    description: 'shown in status and HTTP serverInformation (default: the name)',
    question: 'Server name',
    promptType: 'input',
    path: 'general.serverName',
    defaultValue: (answers) => text(answers.name),
  }),
  answer({
    name: 'welcomeMessage',
    flag: 'welcome-message',
    kind: 'string',
    description: 'sent to each new connection in welcome',
    question: 'Welcome message',
    promptType: 'input',
    path: 'general.welcomeMessage',
    defaultValue: () => schemaDefault<string>('general.welcomeMessage'),
  }),
  answer({
    name: 'auth',
    flag: 'auth',
    kind: 'string',
    description: `sign-in: ${schemaEnum('auth.mode').join(' | ')} (jwt: JSON Web Tokens, checked with JWT_SECRET or an identity provider's public key)`,
    question: 'Sign-in',
    promptType: 'select',
    choices: () => schemaEnum('auth.mode').map((mode) => ({ name: mode, value: mode })),
    path: 'auth.mode',
    defaultValue: () => schemaDefault<string>('auth.mode'),
  }),
  answer({
    name: 'adminUi',
    flag: 'admin-ui',
    kind: 'boolean',
    description:
      'serve the socket.io Admin UI at /admin, signed in with ADMIN_PASSWORD_HASH (default off)',
    question: 'Serve the socket.io admin view (password from ADMIN_PASSWORD_HASH)?',
    promptType: 'confirm',
    path: 'adminUi.enable',
    defaultValue: () => schemaDefault<boolean>('adminUi.enable'),
  }),
  answer({
    name: 'announceRoomChanges',
    flag: 'announce-room-changes',
    kind: 'boolean',
    description: 'tell room members when someone enters or leaves (default on)',
    path: 'general.announceRoomChanges',
    defaultValue: () => schemaDefault<boolean>('general.announceRoomChanges'),
  }),
  answer({
    name: 'announceMaxMembers',
    flag: 'announce-max-members',
    kind: 'integer',
    description: `rooms larger than this get no enter/leave announcements (default ${schemaDefault<number>('general.announceMaxMembers')}; 0: no cap)`,
    path: 'general.announceMaxMembers',
    defaultValue: () => schemaDefault<number>('general.announceMaxMembers'),
  }),
  answer({
    name: 'trustedProxies',
    flag: 'trusted-proxy',
    kind: 'list',
    description:
      'a proxy whose X-Forwarded-For gives the client address, repeatable (IP, CIDR, or loopback)',
    path: 'servers.web.trustedProxies',
    defaultValue: () => schemaDefault<string[]>('servers.web.trustedProxies'),
    fromConfig: (config) => [...config.servers.web.trustedProxies],
  }),
] as const;

type Registered = (typeof answerSpecs)[number];

export type AnswerName = Registered['name'];

/** Every answer, typed by its entry's kind. */
export type Answers = { [S in Registered as S['name']]: KindValues[S['kind']] };

/** The flag that sets an answer, for error messages: `--port`. */
export function flagOf(name: AnswerName): string {
  const spec = answerSpecs.find((candidate) => candidate.name === name);
  return spec ? `--${spec.flag}` : `--${name}`;
}
