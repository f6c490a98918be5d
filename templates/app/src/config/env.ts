// Every environment variable the server reads (from the environment, or from .env), in one table.
//
// A variable with a `path` replaces that config/config.json field before validation, so a bad
// value is refused with the config's own rule. The others are not config fields: secrets, which
// never belong in a committed file, and settings of the process itself.

export interface EnvVariable {
  /** The config field this variable replaces. */
  readonly path?: readonly [string, ...string[]];
  /**
   * How the text is read: digits become a number, true/false a boolean, a list is split at commas;
   * anything else stays text.
   */
  readonly read?: 'integer' | 'boolean' | 'list';
  /** What a valid value looks like, for a variable that is not a config field. */
  readonly accepted?: string;
  /** The value used when the variable is unset, for a variable that is not a config field. */
  readonly default?: number | string;
  readonly description: string;
}

export const environment = {
  PORT: {
    path: ['servers', 'web', 'port'],
    read: 'integer',
    description: 'Port to listen on.',
  },
  BIND_IP: {
    path: ['servers', 'web', 'bindIP'],
    description: 'Address to listen on.',
  },
  TLS_KEY_FILE: {
    path: ['servers', 'web', 'keyFile'],
    description: 'TLS private key (PEM) for https, relative to the project.',
  },
  TLS_CERT_FILE: {
    path: ['servers', 'web', 'certFile'],
    description: 'TLS certificate (PEM) for https, relative to the project.',
  },
  TLS_PASSPHRASE: {
    accepted: 'any text',
    default: 'none',
    description: 'Passphrase of the TLS key. A secret: read from the environment only.',
  },
  LOG_LEVEL: {
    path: ['webSockets', 'logLevel'],
    description: 'Least severe level written to the log.',
  },
  REDIS_ENABLE: {
    path: ['redis', 'enable'],
    read: 'boolean',
    description:
      'Turns Redis on or off whatever config/config.json says (used by deploy/docker-compose.yml).',
  },
  REDIS_URL: {
    accepted: 'a redis:// or rediss:// URL such as redis://:PASSWORD@127.0.0.1:6379/0',
    default: 'redis.url',
    description:
      'The Redis to use when Redis is enabled, password included. A secret: read from the environment only.',
  },
  REDIS_CLUSTER: {
    path: ['redis', 'cluster'],
    read: 'list',
    description:
      'Redis Cluster seed nodes, comma-separated (redis://10.0.0.1:6379,redis://10.0.0.2:6379): replaces redis.cluster.',
  },
  REDIS_PASSWORD: {
    accepted: 'any text',
    default: 'none',
    description:
      'The password of the Redis Cluster nodes (redis.cluster or REDIS_CLUSTER); a single Redis takes its password in REDIS_URL. A secret: read from the environment only.',
  },
  JWT_SECRET: {
    accepted: 'at least 32 bytes of text (`openssl rand -base64 48` makes one)',
    default: 'none',
    description:
      'The key that signs and checks sign-in tokens (HS256); needed with auth.mode jwt unless auth.publicKeyFile or auth.jwksUrl is set. A secret: read from the environment only.',
  },
  METRICS_TOKEN: {
    accepted: 'any text (`openssl rand -base64 32` makes one)',
    default: 'none',
    description:
      'With it, GET metrics.path needs the header `Authorization: Bearer METRICS_TOKEN` (401 without). A secret: read from the environment only.',
  },
  ADMIN_PASSWORD_HASH: {
    accepted:
      'a bcrypt hash; `npm run admin-password` prints the line for .env, in single quotes (the hash contains $)',
    default: 'none',
    description:
      'With adminUi.enable: the hash of the password the admin view signs in with (user adminUi.username); the server refuses to start without it. A secret: read from the environment only.',
  },
  NODE_ENV: {
    accepted: 'production, or anything else',
    default: 'none',
    description:
      'production (the Dockerfile sets it) makes the admin view show only totals (connections, packets, bytes), not each socket and event, which keeps its cost off every event.',
  },
  HEADERS_TIMEOUT_MS: {
    accepted: 'a whole number of milliseconds from 100 to 600000',
    default: 10_000,
    description:
      'How long a client may take to send its request headers; slower connections (slowloris) are closed with 408.',
  },
  WORKERS: {
    accepted: 'an integer >= 1',
    default: 'one worker per CPU',
    description: 'How many worker processes `npm run start:cluster` runs.',
  },
} as const satisfies Readonly<Record<string, EnvVariable>>;

export type EnvName = keyof typeof environment;
