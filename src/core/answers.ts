// The answers of SPEC section 3: one registry drives the flags, their help text and the prompts.
// Choices and defaults come from the config schema, never from copies of it.
import { schemaDefault, schemaEnum } from './schema.js';

export interface Answers {
  name: string;
  transport: string;
  https: boolean;
  keyFile: string | null;
  certFile: string | null;
  port: number | string;
  redis: boolean;
  redisUrl: string;
  settings: string[];
  options: Record<string, unknown>;
  logLevel: string;
  serverName: string;
  welcomeMessage: string;
}

/** Answers that are secrets: they reach only the git-ignored .env, never .yo-rc.json. */
export interface Secrets {
  tlsPassphrase?: string;
}

export type AnswerName = keyof Answers;

type Kind = 'string' | 'boolean' | 'list' | 'keyValues';

export interface Choice {
  name: string;
  value: string;
}

export interface AnswerSpec {
  name: AnswerName;
  /** The command-line flag, without dashes. */
  flag: string;
  kind: Kind;
  description: string;
  /** Prompt text; answers without one are never asked (flags or stored answers only). */
  question?: string;
  promptType?: 'input' | 'confirm' | 'select' | 'checkbox';
  choices?: () => Choice[];
  /** The default, given the answers so far. */
  defaultValue: (answers: Partial<Answers>) => unknown;
  /** Asked only when this holds for the answers so far. */
  when?: (answers: Partial<Answers>) => boolean;
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

export const answerSpecs: readonly AnswerSpec[] = [
  {
    name: 'name',
    flag: 'name',
    kind: 'string',
    description: 'npm package name of the project (default: the folder name)',
    question: 'Project name',
    promptType: 'input',
    defaultValue: (answers) => answers.name,
  },
  {
    name: 'transport',
    flag: 'transport',
    kind: 'string',
    description: `transports in order: ${transportChoices()
      .map((choice) => choice.value)
      .join(' | ')}`,
    question: 'Transport',
    promptType: 'select',
    choices: transportChoices,
    defaultValue: () => schemaDefault<string[]>('webSockets.options.transports').join(','),
  },
  {
    name: 'https',
    flag: 'https',
    kind: 'boolean',
    description: 'serve https (--no-https for http)',
    question: 'Serve https? (a development certificate is made by `npm run cert`)',
    promptType: 'confirm',
    defaultValue: () => schemaDefault<boolean>('servers.web.secure'),
  },
  {
    name: 'keyFile',
    flag: 'key-file',
    kind: 'string',
    description: 'TLS key (PEM) for https (default: certs/dev-key.pem from `npm run cert`)',
    defaultValue: (answers) => (answers.https ? 'certs/dev-key.pem' : null),
  },
  {
    name: 'certFile',
    flag: 'cert-file',
    kind: 'string',
    description: 'TLS certificate (PEM) for https (default: certs/dev-cert.pem)',
    defaultValue: (answers) => (answers.https ? 'certs/dev-cert.pem' : null),
  },
  {
    name: 'port',
    flag: 'port',
    kind: 'string',
    description: `port to listen on (default ${schemaDefault<number>('servers.web.port')})`,
    question: 'Port',
    promptType: 'input',
    defaultValue: () => schemaDefault<number>('servers.web.port'),
  },
  {
    name: 'redis',
    flag: 'redis',
    kind: 'boolean',
    description: 'use Redis: socket.io adapter, cache, cluster-wide rooms (--no-redis: in memory)',
    question: 'Use Redis (several processes share rooms and cache)?',
    promptType: 'confirm',
    defaultValue: () => schemaDefault<boolean>('redis.enable'),
  },
  {
    name: 'redisUrl',
    flag: 'redis-url',
    kind: 'string',
    description: `default REDIS_URL (default ${schemaDefault<string>('redis.url')}); a password goes to .env only`,
    question: 'Redis URL',
    promptType: 'input',
    when: (answers) => answers.redis === true,
    defaultValue: () => schemaDefault<string>('redis.url'),
  },
  {
    name: 'settings',
    flag: 'setting',
    kind: 'list',
    description: `socket.io flag to switch on, repeatable: ${schemaEnum('webSockets.settings').join(', ')}`,
    question: 'socket.io settings to switch on',
    promptType: 'checkbox',
    choices: () => schemaEnum('webSockets.settings').map((flag) => ({ name: flag, value: flag })),
    defaultValue: () => schemaDefault<string[]>('webSockets.settings'),
  },
  {
    name: 'options',
    flag: 'option',
    kind: 'keyValues',
    description:
      'socket.io option KEY=VALUE, repeatable (e.g. pingInterval=10000, cors.origin=https://a.example)',
    question: 'socket.io options, as KEY=VALUE separated by spaces (empty for none)',
    promptType: 'input',
    defaultValue: () => ({}),
  },
  {
    name: 'logLevel',
    flag: 'log-level',
    kind: 'string',
    description: `log level: ${schemaEnum('webSockets.logLevel').join(', ')} (legacy 0-3 accepted)`,
    question: 'Log level',
    promptType: 'select',
    choices: () =>
      schemaEnum('webSockets.logLevel').map((level) => ({ name: level, value: level })),
    defaultValue: () => schemaDefault<string>('webSockets.logLevel'),
  },
  {
    name: 'serverName',
    flag: 'server-name',
    kind: 'string',
    description: 'shown in status and HTTP serverInformation (default: the name)',
    question: 'Server name',
    promptType: 'input',
    defaultValue: (answers) => answers.name,
  },
  {
    name: 'welcomeMessage',
    flag: 'welcome-message',
    kind: 'string',
    description: 'sent to each new connection in welcome',
    question: 'Welcome message',
    promptType: 'input',
    defaultValue: () => schemaDefault<string>('general.welcomeMessage'),
  },
];

/** The flag that sets an answer, for error messages: `--port`. */
export function flagOf(name: AnswerName): string {
  const spec = answerSpecs.find((candidate) => candidate.name === name);
  return spec ? `--${spec.flag}` : `--${name}`;
}
