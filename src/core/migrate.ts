// Turns an actionHero config of the socket.io 0.9 era (or today's config with such keys mixed in)
// into today's config, following SPEC 6.3: one report line per key, saying what it became or why
// it was dropped. Seconds become milliseconds; secrets go to the returned env, never the config.
// Pure: no files, no Yeoman. The result is not validated here; the caller validates it.
import {
  DROPPED_GENERAL_KEYS,
  DROPPED_SOCKET_KEYS,
  DROPPED_TRANSPORTS,
  DROPPED_WEB_KEYS,
  LEGACY_HEARTBEAT_INTERVAL_S,
  LOG_LEVELS,
  TRANSPORTS,
} from './legacy-keys.js';
import { schemaAt, schemaEnum } from './schema.js';

type Json = Record<string, unknown>;

export interface MigrationLine {
  /** kept as it was; moved (renamed or converted); dropped; secret (moved to .env). */
  kind: 'kept' | 'moved' | 'dropped' | 'secret';
  /** Where the key was: `webSockets.options["heartbeat interval"]`. */
  from: string;
  /** What it became (`webSockets.options.pingInterval = 10000`); absent when dropped. */
  to?: string;
  /** Why it was dropped, or how it was converted. */
  note?: string;
  /** A conversion the user should look at (printed as a warning). */
  warning?: boolean;
}

export interface Migration {
  /** Today's config, partial (defaults are filled by validation). */
  config: Json;
  /** Secrets for the git-ignored .env: REDIS_URL with a password, TLS_PASSPHRASE. */
  env: Record<string, string>;
  lines: MigrationLine[];
}

export class MigrationError extends Error {}

const BLOCKS = ['general', 'servers', 'httpServer', 'webSockets', 'redis'];

const DROPPED_BLOCKS: Readonly<Record<string, string>> = {
  log: 'logging is set with webSockets.logLevel',
  logger: 'logging is set with webSockets.logLevel',
  tasks: 'actionhero-ws has no task queue',
  faye: 'socket.io with the Redis adapter carries messages between processes',
  socketServer: 'actionhero-ws serves only http(s) and socket.io',
  stats: 'actionhero-ws keeps no stats',
  commonWeb: 'not an actionhero-ws block',
};

/** One line of the report, as printed. */
export function formatMigrationLine(line: MigrationLine): string {
  if (line.kind === 'dropped') return `${line.from}: dropped: ${line.note ?? 'not used'}`;
  if (line.kind === 'kept') return `${line.from}: kept`;
  const note = line.note ? ` (${line.warning ? 'warning: ' : ''}${line.note})` : '';
  return `${line.from} → ${line.to}${note}`;
}

/** True when a config holds keys of the 0.9 era that --from would rewrite. */
export function hasLegacyKeys(input: unknown): boolean {
  if (!isRecord(input)) return false;
  try {
    return migrateLegacyConfig(input).lines.some((line) => line.kind !== 'kept');
  } catch {
    return false;
  }
}

export function migrateLegacyConfig(input: unknown): Migration {
  if (!isRecord(input)) {
    throw new MigrationError(
      `must be a JSON object holding an actionHero config (got ${kind(input)})`,
    );
  }
  if (!BLOCKS.some((block) => Object.hasOwn(input, block))) {
    throw new MigrationError(
      `holds none of the blocks ${BLOCKS.join(', ')}: it does not look like an actionHero config`,
    );
  }
  return new Migrator().run(input);
}

class Migrator {
  private readonly config: Json = {};
  private readonly env: Record<string, string> = {};
  private readonly lines: MigrationLine[] = [];
  private heartbeatInterval?: { from: string; seconds: number };
  private heartbeatTimeout?: { from: string; seconds: number };

  run(input: Json): Migration {
    for (const [key, value] of Object.entries(input)) {
      if (key === '$schema') this.keep(['$schema'], value);
      else if (key === 'general') this.general(value);
      else if (key === 'httpServer') this.web(value, 'httpServer');
      else if (key === 'servers') this.servers(value);
      else if (key === 'webSockets') this.webSockets(value);
      else if (key === 'redis') this.redis(value);
      else this.drop(key, DROPPED_BLOCKS[key] ?? 'not an actionhero-ws block');
    }
    this.heartbeats();
    return { config: this.config, env: this.env, lines: this.lines };
  }

  private general(block: unknown): void {
    if (!this.isBlock('general', block)) return;
    const known = propertyNames('general');
    for (const [key, value] of Object.entries(block)) {
      const from = path('general', key);
      if (known.includes(key)) this.keep(['general', key], value);
      else this.drop(from, DROPPED_GENERAL_KEYS[key] ?? 'not an actionhero-ws setting');
    }
  }

  private servers(block: unknown): void {
    if (!this.isBlock('servers', block)) return;
    for (const [key, value] of Object.entries(block)) {
      if (key === 'web') this.web(value, 'servers.web');
      else this.drop(path('servers', key), 'actionhero-ws serves only http(s) and socket.io');
    }
  }

  /** Old `httpServer` and today's `servers.web` alike. */
  private web(block: unknown, where: string): void {
    if (!this.isBlock(where, block)) return;
    const known = propertyNames('servers.web');
    for (const [key, value] of Object.entries(block)) {
      const from = path(where, key);
      const to = ['servers', 'web', key];
      if (
        key === 'passphrase' ||
        (key === 'serverOptions' && isRecord(value) && value.passphrase)
      ) {
        const secret = key === 'passphrase' ? value : (value as Json).passphrase;
        this.secret(from, 'TLS_PASSPHRASE', String(secret));
      } else if (key === 'port' && typeof value === 'string' && /^\d+$/.test(value)) {
        this.move(from, to, Number(value), { note: 'as a number' });
      } else if (known.includes(key)) {
        this.move(from, to, value);
      } else {
        this.drop(from, DROPPED_WEB_KEYS[key] ?? 'not an actionhero-ws setting');
      }
    }
  }

  private webSockets(block: unknown): void {
    if (!this.isBlock('webSockets', block)) return;
    for (const [key, value] of Object.entries(block)) {
      const from = path('webSockets', key);
      if (key === 'settings') this.settings(value);
      else if (key === 'options') this.options(value);
      else if (key === 'logLevel') this.logLevel(from, value);
      else if (key === 'enable') this.keep(['webSockets', 'enable'], value);
      else this.socketKey(from, key, value, 'option');
    }
  }

  /** socket.io 0.9 `io.enable(NAME)` flags, or today's flag names. */
  private settings(list: unknown): void {
    const from = 'webSockets.settings';
    if (!Array.isArray(list)) {
      this.drop(from, `must be a list of flags (got ${show(list)})`);
      return;
    }
    const flags: string[] = [];
    this.set(['webSockets', 'settings'], flags);
    const known = flagNames();
    list.forEach((entry, index) => {
      const at = `${from}[${index}]`;
      if (typeof entry === 'string' && known.includes(entry)) {
        if (!flags.includes(entry)) flags.push(entry);
        this.lines.push({ kind: 'kept', from: `${at} ${show(entry)}` });
      } else if (typeof entry === 'string') {
        this.socketKey(`${at} ${show(entry)}`, entry, true, 'flag');
      } else {
        this.drop(at, `not a flag name (got ${show(entry)})`);
      }
    });
  }

  /** socket.io 0.9 `io.set(NAME, VALUE)` options, or today's options. */
  private options(map: unknown): void {
    if (!this.isBlock('webSockets.options', map)) return;
    this.ensure(['webSockets', 'options']);
    const known = propertyNames('webSockets.options');
    for (const [key, value] of Object.entries(map)) {
      const from = path('webSockets.options', key);
      if (key === 'transports') this.transports(value);
      else if (known.includes(key)) this.keep(['webSockets', 'options', key], value);
      else this.socketKey(from, key, value, 'option');
    }
  }

  /** One 0.9 key, from `settings` (as a flag, value true) or from `options`. */
  private socketKey(from: string, key: string, value: unknown, as: 'flag' | 'option'): void {
    const options = ['webSockets', 'options'];
    switch (key) {
      case 'browser client':
      case 'destroy upgrade': {
        const flag = key === 'browser client' ? 'serveClient' : 'destroyUpgrade';
        if (as === 'flag') this.addFlag(from, flag);
        else if (typeof value === 'boolean') this.move(from, [...options, flag], value);
        else this.drop(from, `must be true or false (got ${show(value)})`);
        return;
      }
      case 'transports':
        this.transports(value);
        return;
      case 'resource':
        if (typeof value === 'string' && value !== '') {
          this.move(from, [...options, 'path'], value.startsWith('/') ? value : `/${value}`);
        } else this.drop(from, `must be a path such as "/socket.io" (got ${show(value)})`);
        return;
      case 'heartbeat interval':
      case 'heartbeat timeout':
        if (typeof value === 'number' && value > 0) {
          if (key === 'heartbeat interval') this.heartbeatInterval = { from, seconds: value };
          else this.heartbeatTimeout = { from, seconds: value };
        } else this.drop(from, `must be a number of seconds (got ${show(value)})`);
        return;
      case 'log level':
        this.logLevel(from, value);
        return;
      case 'origins':
        this.origins(from, value);
        return;
      case 'destroy buffer size':
        if (Number.isInteger(value) && (value as number) > 0) {
          this.move(from, [...options, 'maxHttpBufferSize'], value, {
            note: "socket.io 4's default is 1e6 bytes, 100× smaller than 0.9's 1e8; keep it as small as your messages allow",
            warning: true,
          });
        } else this.drop(from, `must be a number of bytes (got ${show(value)})`);
        return;
    }
    const reason = DROPPED_SOCKET_KEYS[key];
    this.drop(from, reason ?? 'not a socket.io 4 option nor a socket.io 0.9 key');
  }

  private transports(value: unknown): void {
    const from = 'webSockets.options.transports';
    if (!Array.isArray(value)) {
      this.drop(from, `must be a list of transports (got ${show(value)})`);
      return;
    }
    const result: string[] = [];
    value.forEach((entry, index) => {
      const at = `${from}[${index}] ${show(entry)}`;
      const today = typeof entry === 'string' ? TRANSPORTS[entry] : undefined;
      const dropped = typeof entry === 'string' ? DROPPED_TRANSPORTS[entry] : undefined;
      if (today) {
        if (result.includes(today)) {
          this.drop(at, `${show(today)} is already listed`);
          return;
        }
        result.push(today);
        if (today === entry) this.lines.push({ kind: 'kept', from: at });
        else this.lines.push({ kind: 'moved', from: at, to: `${from} ${show(today)}` });
      } else {
        this.drop(at, dropped ?? 'not a socket.io transport');
      }
    });
    if (result.length === 0) {
      this.lines.push({
        kind: 'moved',
        from,
        to: `${from} (the default)`,
        note: 'no transport socket.io 4 speaks was left, so the default applies',
        warning: true,
      });
      return;
    }
    this.set(['webSockets', 'options', 'transports'], result);
  }

  private logLevel(from: string, value: unknown): void {
    const to = ['webSockets', 'logLevel'];
    if (typeof value === 'string' && LOG_LEVELS.includes(value)) this.move(from, to, value);
    else if (Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 3) {
      this.move(from, to, LOG_LEVELS[value as number], { note: `socket.io 0.9 level ${value}` });
    } else this.drop(from, `must be 0-3 or one of ${LOG_LEVELS.join(', ')} (got ${show(value)})`);
  }

  /** 0.9 `origins`: "*:*" or space-separated "host:port" entries → cors.origin. */
  private origins(from: string, value: unknown): void {
    const entries = (Array.isArray(value) ? value : String(value).split(/[\s,]+/))
      .map((entry) => String(entry).trim())
      .filter((entry) => entry !== '');
    const origins = entries.flatMap(toOrigins);
    if (entries.length === 0 || typeof value === 'number' || typeof value === 'boolean') {
      this.drop(from, `must be "*:*" or a list of host:port (got ${show(value)})`);
      return;
    }
    const note = 'socket.io 4 also checks it on the websocket upgrade';
    const cors = ['webSockets', 'options', 'cors', 'origin'];
    if (origins.includes('*')) this.move(from, cors, '*', { note });
    else this.move(from, cors, origins.length === 1 ? origins[0] : origins, { note });
  }

  private redis(block: unknown): void {
    if (!this.isBlock('redis', block)) return;
    const known = propertyNames('redis');
    const server: { host?: string; port?: number; db?: number; password?: string } = {};
    const parts: string[] = [];
    for (const [key, value] of Object.entries(block)) {
      const from = path('redis', key);
      if (key === 'url' && typeof value === 'string') this.redisUrl(from, value);
      else if (known.includes(key)) this.keep(['redis', key], value);
      else if (key === 'host' && typeof value === 'string' && value !== '') {
        server.host = value;
        parts.push(from);
      } else if (key === 'port' && Number.isInteger(Number(value)) && value !== null) {
        server.port = Number(value);
        parts.push(from);
      } else if (['DB', 'db', 'database'].includes(key) && Number.isInteger(Number(value))) {
        server.db = Number(value);
        parts.push(from);
      } else if (key === 'password') {
        if (typeof value === 'string' && value !== '') server.password = value;
        else this.drop(from, 'empty (no password)');
      } else if (key === 'options') {
        this.drop(
          from,
          'ioredis options are not set in config.json (REDIS_URL carries TLS: rediss://)',
        );
      } else this.drop(from, 'not an actionhero-ws setting');
    }
    if (parts.length === 0 && !server.password) return;
    const url = `redis://${server.host ?? '127.0.0.1'}:${server.port ?? 6379}/${server.db ?? 0}`;
    for (const from of parts) this.move(from, ['redis', 'url'], url);
    if (server.password) {
      const withPassword = url.replace(
        'redis://',
        `redis://:${encodeURIComponent(server.password)}@`,
      );
      this.secret('redis.password', 'REDIS_URL', withPassword);
    }
  }

  /** Today's redis.url; a password in it moves to REDIS_URL in .env. */
  private redisUrl(from: string, value: string): void {
    const match = /^(rediss?:\/\/)([^@/]*:[^@/]*)@(.*)$/.exec(value);
    if (!match) {
      this.keep(['redis', 'url'], value);
      return;
    }
    const [, scheme, , rest] = match;
    const user = (match[2] ?? '').split(':')[0];
    const url = `${scheme}${user ? `${user}@` : ''}${rest}`;
    this.move(from, ['redis', 'url'], url, { note: 'without its password' });
    this.secret(`${from} password`, 'REDIS_URL', value);
  }

  /** heartbeat interval/timeout (s) → pingInterval / pingTimeout (ms), once both are known. */
  private heartbeats(): void {
    const options = ['webSockets', 'options'];
    const interval = this.heartbeatInterval;
    const timeout = this.heartbeatTimeout;
    if (interval) {
      this.move(interval.from, [...options, 'pingInterval'], Math.round(interval.seconds * 1000), {
        note: `${interval.seconds} s in milliseconds`,
      });
    }
    if (!timeout) return;
    const intervalSeconds = interval?.seconds ?? LEGACY_HEARTBEAT_INTERVAL_S;
    const ms = Math.round((timeout.seconds - intervalSeconds) * 1000);
    if (ms < 1000) {
      this.drop(
        timeout.from,
        `${timeout.seconds} s is not at least 1 s longer than the heartbeat interval (${intervalSeconds} s), so socket.io 4's default pingTimeout applies`,
      );
      return;
    }
    this.move(timeout.from, [...options, 'pingTimeout'], ms, {
      note: `(${timeout.seconds} s − ${intervalSeconds} s interval) in milliseconds: socket.io 4 waits pingTimeout after each ping`,
    });
  }

  private addFlag(from: string, flag: string): void {
    const settings = this.ensureList(['webSockets', 'settings']);
    if (!settings.includes(flag)) settings.push(flag);
    this.lines.push({ kind: 'moved', from, to: `webSockets.settings ${show(flag)}` });
  }

  private secret(from: string, name: string, value: string): void {
    this.env[name] = value;
    this.lines.push({
      kind: 'secret',
      from,
      to: `${name} in .env`,
      note: 'a secret: never written to config/',
    });
  }

  private keep(to: string[], value: unknown): void {
    this.move(to.join('.'), to, value);
  }

  private move(
    from: string,
    to: string[],
    value: unknown,
    extra: { note?: string; warning?: boolean } = {},
  ): void {
    this.set(to, value);
    const target = to.join('.');
    if (target === from && !extra.note) this.lines.push({ kind: 'kept', from });
    else this.lines.push({ kind: 'moved', from, to: `${target} = ${show(value)}`, ...extra });
  }

  private drop(from: string, note: string): void {
    this.lines.push({ kind: 'dropped', from, note });
  }

  private isBlock(where: string, value: unknown): value is Json {
    if (isRecord(value)) return true;
    this.drop(where, `must be an object (got ${show(value)})`);
    return false;
  }

  private set(to: string[], value: unknown): void {
    const parent = this.ensure(to.slice(0, -1));
    Object.defineProperty(parent, to.at(-1) as string, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }

  private ensure(to: string[]): Json {
    let node = this.config;
    for (const key of to) {
      const child = Object.hasOwn(node, key) ? node[key] : undefined;
      if (!isRecord(child)) {
        const created: Json = {};
        Object.defineProperty(node, key, {
          value: created,
          enumerable: true,
          writable: true,
          configurable: true,
        });
        node = created;
      } else node = child;
    }
    return node;
  }

  private ensureList(to: string[]): string[] {
    const parent = this.ensure(to.slice(0, -1));
    const key = to.at(-1) as string;
    const current = Object.hasOwn(parent, key) ? parent[key] : undefined;
    if (Array.isArray(current)) return current as string[];
    const list: string[] = [];
    this.set(to, list);
    return list;
  }
}

/** "example.com:443" → https://example.com; "example.com:*" → both schemes; "*:*" → "*". */
function toOrigins(entry: string): string[] {
  if (entry === '*' || entry === '*:*' || entry.startsWith('*:')) return ['*'];
  if (/^https?:\/\//.test(entry)) {
    try {
      return [new URL(entry).origin];
    } catch {
      return [entry];
    }
  }
  const at = entry.lastIndexOf(':');
  const host = at > 0 ? entry.slice(0, at) : entry;
  const port = at > 0 ? entry.slice(at + 1) : '*';
  if (port === '*') return [`http://${host}`, `https://${host}`];
  if (port === '80') return [`http://${host}`];
  if (port === '443') return [`https://${host}`];
  return [`http://${host}:${port}`];
}

function propertyNames(at: string): string[] {
  return Object.keys((schemaAt(at).properties ?? {}) as Json);
}

function flagNames(): string[] {
  return schemaEnum('webSockets.settings');
}

function path(base: string, key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${base}.${key}` : `${base}[${JSON.stringify(key)}]`;
}

function show(value: unknown): string {
  const text = value === undefined ? 'nothing' : JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function kind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'string' ? `a string ${show(value)}` : `${typeof value} ${show(value)}`;
}

function isRecord(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
