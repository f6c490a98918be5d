// Start-up config: config/config.json plus environment overrides, every problem named where it is.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ConfigError, loadConfig, projectRoot } from '../src/config/load.js';

const ENV_HEADING =
  'Invalid environment (set in the environment or .env; it overrides config/config.json):';
const FILE_HEADING = 'Invalid configuration (config/config.json):';

/** A project folder holding only `config` as config/config.json (and the real schema). */
function projectWith(config: unknown): string {
  const root = mkdtempSync(join(tmpdir(), 'config-test-'));
  mkdirSync(join(root, 'config'));
  copyFileSync(
    join(projectRoot, 'config/config.schema.json'),
    join(root, 'config/config.schema.json'),
  );
  writeFileSync(join(root, 'config/config.json'), JSON.stringify(config));
  return root;
}

/** The ConfigError loadConfig throws for this folder and environment. */
function failure(root: string, env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(root, env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('loadConfig accepted the config');
}

describe('config loading', () => {
  const roots: string[] = [];
  const project = (config: unknown): string => {
    roots.push(projectWith(config));
    return roots.at(-1) as string;
  };
  after(() => {
    for (const root of roots) rmSync(root, { recursive: true, force: true });
  });

  it('environment variables override the file', () => {
    const loaded = loadConfig(project({}), {
      PORT: '9090',
      BIND_IP: '127.0.0.1',
      LOG_LEVEL: 'warn',
      REDIS_ENABLE: 'true',
      WORKERS: '3',
      HEADERS_TIMEOUT_MS: '2000',
      REDIS_URL: 'redis://:pw@db:6380/1',
    });
    assert.equal(loaded.config.servers.web.port, 9090);
    assert.equal(loaded.config.servers.web.bindIP, '127.0.0.1');
    assert.equal(loaded.config.webSockets.logLevel, 'warn');
    assert.equal(loaded.config.redis.enable, true);
    assert.equal(loaded.workers, 3);
    assert.equal(loaded.headersTimeoutMs, 2000);
    assert.equal(loaded.redisUrl, 'redis://:pw@db:6380/1');
  });

  it('REDIS_CLUSTER replaces redis.cluster (comma-separated); REDIS_PASSWORD is read apart', () => {
    const loaded = loadConfig(project({}), {
      REDIS_CLUSTER: 'redis://10.0.0.1:6379, redis://10.0.0.2:6380,',
      REDIS_PASSWORD: 'cluster-secret',
    });
    assert.deepEqual(loaded.config.redis.cluster, [
      'redis://10.0.0.1:6379',
      'redis://10.0.0.2:6380',
    ]);
    assert.equal(loaded.redisPassword, 'cluster-secret');
    assert.equal(loadConfig(project({}), {}).redisPassword, undefined);
  });

  it('names REDIS_CLUSTER for a bad seed, never showing a password in it', () => {
    const error = failure(project({}), { REDIS_CLUSTER: 'redis://a:6379,redis://:s3cret@b:6379' });
    assert.deepEqual(error.lines, []);
    assert.equal(error.envLines.length, 1);
    assert.match(
      error.envLines[0] ?? '',
      /^REDIS_CLUSTER: each item must be a redis:\/\/ or rediss:\/\/ URL/,
    );
    assert.doesNotMatch(error.message, /s3cret/);
  });

  it('reports a bad environment value under its variable name, quoting what was set', () => {
    const error = failure(project({ servers: { web: { port: 8080 } } }), {
      PORT: '99999',
      REDIS_ENABLE: 'yes',
    });
    assert.deepEqual(error.lines, []);
    assert.deepEqual(error.envLines, [
      'PORT: must be an integer from 0 to 65535 (got "99999")',
      'REDIS_ENABLE: must be true or false (got "yes")',
    ]);
    assert.equal(error.message, [ENV_HEADING, ...error.envLines].join('\n'));
  });

  it('checks the variables that are not config fields, never printing a password', () => {
    const error = failure(project({}), {
      HEADERS_TIMEOUT_MS: '5',
      WORKERS: '0',
      REDIS_URL: 'localhost:6379:s3cret@x',
    });
    assert.deepEqual(error.envLines, [
      'HEADERS_TIMEOUT_MS: must be a whole number of milliseconds from 100 to 600000; unset it for the default (10000) (got "5")',
      'WORKERS: must be an integer >= 1; unset it for one worker per CPU (got "0")',
      'REDIS_URL: must be a redis:// or rediss:// URL such as redis://:PASSWORD@127.0.0.1:6379/0 (got "***@x")',
    ]);
    assert.doesNotMatch(error.message, /s3cret/);
  });

  it('keeps config file errors in the file form, each under its own heading', () => {
    const error = failure(
      project({ servers: { web: { port: 99999 } }, webSockets: { logLevel: 'loud' } }),
      { LOG_LEVEL: 'nope' },
    );
    assert.deepEqual(error.lines, [
      'servers.web.port: must be an integer from 0 to 65535 (got 99999)',
    ]);
    assert.deepEqual(error.envLines, [
      'LOG_LEVEL: must be one of "error", "warn", "info", "debug" (got "nope")',
    ]);
    assert.equal(
      error.message,
      [FILE_HEADING, ...error.lines, ENV_HEADING, ...error.envLines].join('\n'),
    );
  });

  it('the server refuses to start on a bad PORT, naming the variable (exit 1)', async () => {
    const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>(
      (resolve) => {
        const env = { ...process.env, PORT: '99999' };
        execFile(
          process.execPath,
          ['--import', 'tsx', 'src/index.ts'],
          { cwd: projectRoot, env, timeout: 30_000 },
          (err, _stdout, stderr) => {
            resolve({ code: err ? (typeof err.code === 'number' ? err.code : null) : 0, stderr });
          },
        );
      },
    );
    assert.equal(code, 1);
    assert.ok(
      stderr.includes(`${ENV_HEADING}\nPORT: must be an integer from 0 to 65535 (got "99999")\n`),
      stderr,
    );
    assert.ok(!stderr.includes(FILE_HEADING), 'config/config.json is not blamed');
  });
});
