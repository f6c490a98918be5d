// GEN-03: invalid answers fail with every error printed, exactly worded, and nothing written:
// neither the project folder nor a change to an existing .yo-rc.json.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runFailing, runGenerator, tempDir } from '../helpers/generator.js';

const cases: { name: string; options: Record<string, unknown>; errors: string[] }[] = [
  {
    name: 'port 70000',
    options: { port: '70000' },
    errors: [
      'servers.web.port: must be an integer from 0 to 65535 (got 70000); set it with --port',
    ],
  },
  {
    name: 'a port that is not a number',
    options: { port: 'http' },
    errors: [
      'servers.web.port: must be an integer from 0 to 65535 (got "http"); set it with --port',
    ],
  },
  {
    name: 'empty transports',
    options: { option: ['transports=[]'] },
    errors: [
      'webSockets.options.transports: must be a non-empty list of "websocket" and/or "polling", such as ["websocket", "polling"] (got []); set it with --transport',
    ],
  },
  {
    name: 'an unknown transport',
    options: { transport: 'flashsocket' },
    errors: [
      'transport: must be one of "websocket,polling", "polling,websocket", "websocket", "polling"; set it with --transport (got "flashsocket")',
    ],
  },
  {
    name: 'cors "*" with credentials',
    options: { option: ['cors.origin=*', 'cors.credentials=true'] },
    errors: [
      'webSockets.options.cors.credentials: cannot be true while cors.origin is "*": browsers refuse credentials with a wildcard origin; list the allowed origins instead (got true); set it with --option',
    ],
  },
  {
    name: 'https with an empty key path',
    options: { https: true, 'key-file': '', 'cert-file': '' },
    errors: [
      'servers.web.keyFile: must be a non-empty string or null (got ""); set it with --key-file',
      'servers.web.certFile: must be a non-empty string or null (got ""); set it with --cert-file',
    ],
  },
  {
    name: 'a misspelt option, with a suggestion',
    options: { option: ['pingIntervall=1000'] },
    errors: [
      'webSockets.options.pingIntervall: is not a known key; did you mean "pingInterval"?; set it with --option',
    ],
  },
  {
    name: 'the README example: pingInterval "fast"',
    options: { option: ['pingInterval=fast'] },
    errors: [
      'webSockets.options.pingInterval: must be an integer >= 1000 (got "fast"); set it with --option',
    ],
  },
  {
    name: 'connectionStateRecovery with the classic Redis adapter',
    options: { redis: true, setting: ['connectionStateRecovery'] },
    errors: [
      'redis.adapter: connectionStateRecovery needs redis.adapter "streams" (the Redis Streams adapter keeps the missed packets); set redis.adapter to streams, or remove connectionStateRecovery (got "pubsub"); set it with --redis-adapter',
    ],
  },
  {
    name: 'an --option without a value',
    options: { option: ['pingInterval'] },
    errors: ['--option: must be KEY=VALUE (got "pingInterval")'],
  },
];

describe('invalid answers (GEN-03)', () => {
  for (const { name, options, errors } of cases) {
    it(`${name}: every error, exit with an error, nothing written`, async () => {
      const { error, dir } = await runFailing({
        args: ['bad-app'],
        options: { defaults: true, ...options },
      });
      assert.deepEqual(error.message.split('\n'), [...errors, 'Nothing was written.']);
      assert.deepEqual(readdirSync(dir), [], 'the target folder is not even created');
    });
  }

  it('https without a certificate', async () => {
    const file = join(tempDir(), 'answers.json');
    writeFileSync(file, JSON.stringify({ https: true, certFile: null }));
    const { error, dir } = await runFailing({
      args: ['bad-app'],
      options: { defaults: true, answers: file },
    });
    assert.deepEqual(error.message.split('\n'), [
      'servers.web.certFile: https needs a key file and a certificate: set keyFile and certFile (or TLS_KEY_FILE and TLS_CERT_FILE), or run `npm run cert` for a development pair (got null); set it with --cert-file',
      'Nothing was written.',
    ]);
    assert.deepEqual(readdirSync(dir), []);
  });

  it('all errors at once, across fields', async () => {
    const { error } = await runFailing({
      args: ['bad-app'],
      options: {
        defaults: true,
        port: '70000',
        option: ['transports=[]', 'cors.origin=*', 'cors.credentials=true'],
      },
    });
    const lines = error.message.split('\n');
    assert.equal(lines.length, 4);
    assert.match(lines[0] ?? '', /^servers\.web\.port:/);
    assert.match(lines[1] ?? '', /^webSockets\.options\.transports:/);
    assert.match(lines[2] ?? '', /^webSockets\.options\.cors\.credentials:/);
  });

  it('a failed re-run leaves an existing project and its .yo-rc.json unchanged', async () => {
    const { dir } = await runGenerator({ options: { defaults: true } });
    const before = readFileSync(join(dir, '.yo-rc.json'), 'utf8');
    const config = readFileSync(join(dir, 'config/config.json'), 'utf8');
    await runFailing({ dir, options: { defaults: true, port: '70000', force: true } });
    assert.equal(readFileSync(join(dir, '.yo-rc.json'), 'utf8'), before);
    assert.equal(readFileSync(join(dir, 'config/config.json'), 'utf8'), config);
  });

  it('warns, without failing, that polling with Redis needs sticky sessions', async () => {
    const { dir } = await runGenerator({
      args: ['sticky'],
      options: { defaults: true, redis: true },
    });
    assert.ok(existsSync(join(dir, 'sticky/config/config.json')));
  });
});
