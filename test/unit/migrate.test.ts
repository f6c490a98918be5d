// The socket.io 0.9 import (`config --from OLD.json`): every fixture becomes a valid config of
// today, every key is reported once, seconds become milliseconds and secrets never reach the config.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import {
  MigrationError,
  formatMigrationLine,
  hasLegacyKeys,
  migrateLegacyConfig,
  type Migration,
} from '../../src/legacy/migrate.js';
import { validateConfig } from '../../src/config-schema.js';
import type { Config } from '../../src/shared/config-types.js';
import { LEGACY_KEYS, LEGACY_TRANSPORTS } from '../../src/shared/config-validation.js';
import {
  DROPPED_SOCKET_KEYS,
  DROPPED_TRANSPORTS,
  TRANSPORTS,
} from '../../src/legacy/legacy-keys.js';

const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(
    readFileSync(new URL(`../fixtures/legacy/${name}.json`, import.meta.url), 'utf8'),
  ) as Record<string, unknown>;

function migrate(name: string): Migration & { report: string[]; valid: Config } {
  const migration = migrateLegacyConfig(fixture(name));
  const result = validateConfig(migration.config);
  assert.deepEqual(result.errors, [], `${name} migrates to a valid config`);
  return {
    ...migration,
    report: migration.lines.map(formatMigrationLine),
    valid: result.config as Config,
  };
}

function pingTimeout(config: Record<string, unknown>): unknown {
  const webSockets = config.webSockets as { options?: { pingTimeout?: unknown } };
  return webSockets.options?.pingTimeout;
}

function line(report: string[], start: string): string {
  const found = report.filter((text) => text.startsWith(start));
  assert.equal(found.length, 1, `one report line starts with ${start}:\n${report.join('\n')}`);
  return found[0] as string;
}

describe('migrate: the original doc config', () => {
  const m = migrate('original-doc');

  it('drops the three browser-client settings, saying socket.io 4 does their work itself', () => {
    ['minification', 'etag', 'gzip'].forEach((key, index) => {
      assert.equal(
        line(m.report, `webSockets.settings[${index}]`),
        `webSockets.settings[${index}] "browser client ${key}": dropped: socket.io 4 always serves a minified file with an ETag and negotiated compression`,
      );
    });
  });

  it('maps xhr-polling to polling and drops polling duration', () => {
    assert.deepEqual(m.valid.webSockets.options.transports, ['polling']);
    assert.match(line(m.report, 'webSockets.options.transports[0]'), /→ .*"polling"/);
    assert.match(line(m.report, 'webSockets.options["polling duration"]'), /: dropped: .+/);
  });

  it('moves httpServer to servers.web, logLevel 1 to warn, and keeps general', () => {
    assert.equal(m.valid.servers.web.port, 8080);
    assert.equal(m.valid.webSockets.logLevel, 'warn');
    assert.equal(m.valid.general.serverName, 'actionHero API');
    assert.match(line(m.report, 'general.workers'), /dropped: .*start:cluster/);
    assert.match(line(m.report, 'log:'), /dropped/);
    assert.deepEqual(m.env, {});
  });

  it('reports every key of the input exactly once', () => {
    const input = fixture('original-doc');
    const blocks = input as Record<string, Record<string, unknown>>;
    const expected =
      1 + // log, one line for the whole block
      Object.keys(blocks.general ?? {}).length +
      Object.keys(blocks.httpServer ?? {}).length +
      Object.keys(blocks.redis ?? {}).length +
      2 + // webSockets.enable, logLevel
      3 + // the three settings
      2; // transports[0], polling duration
    assert.equal(m.lines.length, expected, m.report.join('\n'));
  });
});

describe('migrate: socket.io tuning keys', () => {
  const m = migrate('socketio-tuning');
  const options = (): Config['webSockets']['options'] => m.valid.webSockets.options;

  it('converts heartbeats from seconds to milliseconds', () => {
    assert.equal(options().pingInterval, 20000);
    assert.equal(options().pingTimeout, 40000, '(60 s - 20 s) * 1000');
    assert.match(line(m.report, 'webSockets.options["heartbeat timeout"]'), /pingTimeout = 40000/);
  });

  it('maps resource, origins, log level, destroy buffer size (with a warning), flags', () => {
    assert.equal(options().path, '/realtime');
    assert.deepEqual(options().cors?.origin, [
      'https://example.com',
      'http://app.example.com',
      'https://app.example.com',
    ]);
    assert.equal(m.valid.webSockets.logLevel, 'info');
    assert.equal(options().maxHttpBufferSize, 100000000);
    assert.match(line(m.report, 'webSockets.options["destroy buffer size"]'), /warning: .*100×/);
    assert.deepEqual(m.valid.webSockets.settings, ['serveClient', 'destroyUpgrade']);
    assert.equal(m.valid.servers.web.port, 3000);
  });

  it('drops flashsocket, htmlfile, store, authorization and the other dead keys, each with a reason', () => {
    assert.deepEqual(options().transports, ['websocket', 'polling']);
    for (const key of [
      'transports[1] "flashsocket"',
      'transports[2] "htmlfile"',
      'store',
      'authorization',
      '["close timeout"]',
      '["flash policy port"]',
      'heartbeats',
      '["match origin protocol"]',
      'blacklist',
      '["client store expiration"]',
      'log',
      'logger',
    ]) {
      const sep = key.startsWith('[') ? '' : '.';
      assert.match(line(m.report, `webSockets.options${sep}${key}:`), /: dropped: \S.{10,}/);
    }
    assert.match(line(m.report, 'webSockets.options.store:'), /Redis adapter/);
    assert.match(line(m.report, 'webSockets.options.authorization:'), /middleware/);
  });
});

describe('migrate: https and Redis secrets', () => {
  const m = migrate('https-redis');

  it('puts the Redis password and the TLS passphrase in env only', () => {
    assert.equal(m.env.REDIS_URL, 'redis://:s3cr3t!pw@redis.internal:6380/2');
    assert.equal(m.env.TLS_PASSPHRASE, 'tls-pass-phrase');
    const text = JSON.stringify(m.valid);
    assert.ok(!text.includes('s3cr3t'), 'no password in the config');
    assert.ok(!text.includes('tls-pass-phrase'), 'no passphrase in the config');
    assert.ok(!m.report.join('\n').includes('s3cr3t'), 'no password in the report');
    assert.equal(m.valid.redis.url, 'redis://redis.internal:6380/2');
    assert.equal(m.valid.redis.enable, true);
  });

  it('keeps https with its files, and maps origins *:* to "*"', () => {
    assert.equal(m.valid.servers.web.secure, true);
    assert.equal(m.valid.servers.web.keyFile, 'certs/server-key.pem');
    assert.equal(m.valid.webSockets.options.cors?.origin, '*');
    assert.equal(m.valid.webSockets.logLevel, 'debug');
    for (const key of ['cache', 'expires', 'handler']) {
      assert.match(
        line(m.report, `webSockets.options["browser client ${key}"]`),
        /dropped: no socket.io 4 option/,
      );
    }
  });

  it('moves a password found in a redis.url of today to env', () => {
    const mixed = migrateLegacyConfig({ redis: { enable: true, url: 'redis://:pw@h:6379/0' } });
    assert.equal(mixed.env.REDIS_URL, 'redis://:pw@h:6379/0');
    assert.deepEqual(mixed.config, { redis: { enable: true, url: 'redis://h:6379/0' } });
  });
});

describe("migrate: today's config with 0.9 keys mixed in", () => {
  const m = migrate('mixed-today');

  it('keeps what is already current and converts the rest', () => {
    assert.deepEqual(m.valid.webSockets.settings, ['serveClient']);
    assert.deepEqual(m.valid.webSockets.options.transports, ['websocket', 'polling']);
    assert.equal(m.valid.webSockets.options.pingInterval, 10000);
    assert.equal(m.valid.webSockets.logLevel, 'debug');
    assert.equal(line(m.report, 'general.serverName'), 'general.serverName: kept');
    assert.ok(hasLegacyKeys(fixture('mixed-today')));
  });

  it('finds nothing to do in a clean config of today', () => {
    const clean = structuredClone(m.valid);
    assert.equal(hasLegacyKeys(clean), false);
    const again = migrateLegacyConfig(clean);
    assert.ok(again.lines.every((entry) => entry.kind === 'kept'));
    assert.deepEqual(validateConfig(again.config).config, m.valid);
  });
});

describe('migrate: bad input', () => {
  for (const input of [null, 'text', 42, [], {}, { unrelated: 1 }]) {
    it(`refuses ${JSON.stringify(input)} with a clear message`, () => {
      assert.throws(() => migrateLegacyConfig(input), MigrationError);
    });
  }

  it('never lets a key reach Object.prototype', () => {
    const input = JSON.parse(
      '{"general":{"__proto__":{"polluted":1}},"webSockets":{"options":{"__proto__":{"polluted":1}}}}',
    ) as unknown;
    const m = migrateLegacyConfig(input);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.ok(m.lines.every((entry) => entry.kind === 'dropped'));
  });

  it('drops a heartbeat timeout not longer than the interval', () => {
    const m = migrateLegacyConfig({
      webSockets: { options: { 'heartbeat interval': 30, 'heartbeat timeout': 30 } },
    });
    assert.equal(pingTimeout(m.config), undefined);
    assert.match(
      m.lines.map(formatMigrationLine).join('\n'),
      /heartbeat timeout"\]: dropped: 30 s is not/,
    );
  });

  it('uses the 0.9 default interval (25 s) when only a timeout is given', () => {
    const m = migrateLegacyConfig({ webSockets: { options: { 'heartbeat timeout': 60 } } });
    assert.equal(pingTimeout(m.config), 35000);
  });
});

it('the start-up validator knows every 0.9 key the migration drops', () => {
  for (const key of Object.keys(DROPPED_SOCKET_KEYS)) assert.ok(LEGACY_KEYS.has(key), key);
  for (const name of [...Object.keys(TRANSPORTS), ...Object.keys(DROPPED_TRANSPORTS)]) {
    if (name !== 'websocket' && name !== 'polling') assert.ok(LEGACY_TRANSPORTS.has(name), name);
  }
});

describe('migrate: names that are also properties of every object', () => {
  it('takes `toString` and `constructor` as unknown names, not as built-ins', () => {
    const migration = migrateLegacyConfig({
      general: { constructor: 1 },
      webSockets: { options: { transports: ['toString', 'websocket'] } },
    });
    const report = migration.lines.map(formatMigrationLine);
    assert.ok(
      report.includes('general.constructor: dropped: not an actionhero-ws setting'),
      report.join('\n'),
    );
    assert.ok(!report.some((text) => text.includes('native code')), report.join('\n'));
    const options = (migration.config.webSockets as { options: { transports: string[] } }).options;
    assert.deepEqual(options.transports, ['websocket']);
  });
});
