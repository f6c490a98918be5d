// The app generator run in-process: the file set and key contents for every answer combination,
// and the answer sources (flags, --answers, .yo-rc.json, prompts).
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runGenerator, runFailing, tempDir } from '../helpers/generator.js';
import type { Config } from '../../src/shared/config-types.js';
import { NODE_START_FLAGS } from '../../src/project/start-flags.js';
import { run } from '../helpers/process.js';
import { startFlags } from '../helpers/project.js';

const readJson = (file: string): Record<string, unknown> =>
  JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;

/** The written config, typed by the schema (the generator validated it before writing). */
const readConfig = (dir: string): Config =>
  readJson(join(dir, 'config/config.json')) as unknown as Config;

const TRANSPORTS = ['websocket,polling', 'polling,websocket', 'websocket', 'polling'];

/** Every file of the project's code (not config), with its content: the same in every variant. */
function codeTree(dir: string): Map<string, string> {
  const tree = new Map<string, string>();
  const add = (path: string): void =>
    void tree.set(path.slice(dir.length), readFileSync(path, 'utf8'));
  const topFiles = ['tsconfig.json', 'eslint.config.js', '.prettierrc.json', '.prettierignore'];
  for (const top of topFiles) add(join(dir, top));
  for (const top of ['src', 'test', 'public', 'scripts']) {
    const entries = readdirSync(join(dir, top), { recursive: true, withFileTypes: true });
    for (const entry of entries.filter((file) => file.isFile()))
      add(join(entry.parentPath, entry.name));
  }
  return tree;
}

describe('app generator: every transport × http/https × redis', () => {
  // The code is identical in every variant (answers reach it only through config/config.json),
  // so the end-to-end suite's type check, lint and tests on a few variants hold for all 16.
  let firstTree: Map<string, string> | undefined;
  for (const transport of TRANSPORTS) {
    for (const https of [false, true]) {
      for (const redis of [false, true]) {
        it(`--transport ${transport} --${https ? '' : 'no-'}https --${redis ? '' : 'no-'}redis`, async () => {
          const result = await runGenerator({
            args: ['my-app'],
            options: { defaults: true, transport, https, redis },
          });
          const dir = join(result.dir, 'my-app');
          const config = readConfig(dir);
          assert.deepEqual(config.webSockets.options.transports, transport.split(','));
          assert.equal(config.servers.web.secure, https);
          assert.equal(config.servers.web.keyFile, https ? 'certs/dev-key.pem' : null);
          assert.equal(config.servers.web.certFile, https ? 'certs/dev-cert.pem' : null);
          assert.equal(config.redis.enable, redis);
          assert.equal(config.general.serverName, 'my-app');
          assert.equal(readJson(join(dir, 'package.json')).name, 'my-app');
          for (const file of [
            '.gitignore',
            '.prettierrc.json',
            '.prettierignore',
            'README.md',
            'tsconfig.json',
            'config/config.schema.json',
            'src/index.ts',
            'src/app.ts',
            'src/config/config-types.ts',
            'src/config/config-validation.ts',
            'src/config/json.ts',
            'public/index.html',
            'public/javascript/actionHeroWebSocket.js',
            'public/javascript/actionHeroWebSocket.d.ts',
          ]) {
            assert.ok(existsSync(join(dir, file)), `${file} is written`);
          }
          assert.equal(existsSync(join(dir, 'deploy')), redis, 'deploy/ only with redis');
          assert.equal(existsSync(join(dir, 'package.template.json')), false);
          assert.equal(existsSync(join(dir, '.env')), false, 'no secrets, no .env');
          // The client learns its transports from the server's config at run time.
          const client = readFileSync(
            join(dir, 'public/javascript/actionHeroWebSocket.js'),
            'utf8',
          );
          assert.doesNotMatch(client, /transports:\s*\[/, 'no transports hard-coded in the client');
          const tree = codeTree(dir);
          assert.ok(tree.size > 20);
          firstTree ??= tree;
          assert.deepEqual(tree, firstTree);
        });
      }
    }
  }
});

describe('app generator: start-up flags', () => {
  it('npm start, start:cluster, the Dockerfile and the README all name the same node flags, and node takes them', async () => {
    const result = await runGenerator({
      args: ['my-app'],
      options: { defaults: true, redis: true },
    });
    const dir = join(result.dir, 'my-app');
    const scripts = readJson(join(dir, 'package.json')).scripts as Record<string, string>;
    const expected = [...NODE_START_FLAGS];
    assert.ok(expected.length > 0);
    assert.deepEqual(startFlags(dir), expected);
    assert.deepEqual(startFlags(dir, 'start:cluster', 'dist/cluster.js'), expected);
    const dockerfile = readFileSync(join(dir, 'deploy/Dockerfile'), 'utf8');
    const cmd = /^CMD (\[.*\])$/m.exec(dockerfile);
    assert.ok(cmd?.[1], 'the Dockerfile has an exec-form CMD');
    assert.deepEqual(JSON.parse(cmd[1]), ['node', ...expected, 'dist/index.js']);
    const readme = readFileSync(join(dir, 'README.md'), 'utf8');
    assert.ok(readme.includes(`node ${expected.join(' ')}`), 'the README quotes the flags');
    for (const text of [JSON.stringify(scripts), dockerfile, readme]) {
      assert.doesNotMatch(text, /<node flags>|<%/, 'no placeholder is left');
    }
    // A flag node does not know stops it with "bad option": these start it.
    const probe = await run(process.execPath, [...expected, '-e', 'process.exit(0)']);
    assert.equal(probe.code, 0, probe.stderr);
  });
});

describe('app generator: the shared TypeScript', () => {
  it('copies every file of src/shared/ into src/config/, unchanged', async () => {
    const result = await runGenerator({ args: ['shared'], options: { defaults: true } });
    const shared = new URL('../../src/shared/', import.meta.url);
    const names = readdirSync(shared).filter((name) => name.endsWith('.ts'));
    assert.ok(names.includes('json.ts'), 'config-validation.ts imports ./json.js');
    for (const name of names) {
      assert.equal(
        readFileSync(join(result.dir, 'shared/src/config', name), 'utf8'),
        readFileSync(new URL(name, shared), 'utf8'),
        `src/config/${name}`,
      );
    }
  });
});

describe('app generator: answers', () => {
  it('--defaults gives the schema defaults', async () => {
    const result = await runGenerator({ args: ['demo'], options: { defaults: true } });
    const config = readConfig(join(result.dir, 'demo'));
    assert.equal(config.servers.web.port, 8080);
    assert.deepEqual(config.webSockets.settings, ['serveClient']);
    assert.equal(config.webSockets.logLevel, 'info');
    assert.equal(config.general.welcomeMessage, 'Hello! Welcome to the actionHero api');
    assert.equal(config.redis.url, 'redis://127.0.0.1:6379/0');
    assert.equal(
      readJson(join(result.dir, 'demo/config/config.json')).$schema,
      './config.schema.json',
    );
  });

  it('a flag for every answer, repeatable --setting and --option, legacy log level', async () => {
    const result = await runGenerator({
      args: ['flags-app'],
      options: {
        transport: 'polling',
        https: false,
        port: '9090',
        redis: true,
        'redis-url': 'redis://10.0.0.5:6380/2',
        'redis-cluster': ['redis://10.0.0.6:7000', 'redis://10.0.0.7:7000'],
        'redis-adapter': 'streams',
        setting: ['perMessageDeflate', 'serveClient'],
        option: [
          'pingInterval=10000',
          'cors.origin=https://a.example',
          'maxHttpBufferSize=2000000',
        ],
        'log-level': '3',
        'server-name': 'Flag Server',
        'welcome-message': 'hi there',
        auth: 'jwt',
        'admin-ui': true,
        'announce-room-changes': false,
        'announce-max-members': '50',
        'trusted-proxy': ['loopback', '10.0.0.0/8'],
        name: 'flag-pkg',
      },
    });
    const dir = join(result.dir, 'flags-app');
    const config = readConfig(dir);
    assert.deepEqual(config.webSockets.options, {
      transports: ['polling'],
      pingInterval: 10000,
      cors: { origin: 'https://a.example' },
      maxHttpBufferSize: 2000000,
    });
    assert.deepEqual(config.webSockets.settings, ['perMessageDeflate', 'serveClient']);
    assert.equal(config.webSockets.logLevel, 'debug');
    assert.equal(config.auth.mode, 'jwt');
    assert.equal(config.servers.web.port, 9090);
    assert.equal(config.redis.url, 'redis://10.0.0.5:6380/2');
    assert.equal(config.general.serverName, 'Flag Server');
    assert.equal(config.general.welcomeMessage, 'hi there');
    assert.deepEqual(config.redis.cluster, ['redis://10.0.0.6:7000', 'redis://10.0.0.7:7000']);
    assert.equal(config.redis.adapter, 'streams');
    assert.equal(config.adminUi.enable, true);
    assert.equal(config.general.announceRoomChanges, false);
    assert.equal(config.general.announceMaxMembers, 50);
    assert.deepEqual(config.servers.web.trustedProxies, ['loopback', '10.0.0.0/8']);
    assert.equal(readJson(join(dir, 'package.json')).name, 'flag-pkg');
  });

  it('--answers FILE.json, with flags taking precedence', async () => {
    const file = join(tempDir(), 'answers.json');
    writeFileSync(
      file,
      JSON.stringify({ port: 7070, transport: 'websocket', 'server-name': 'From File' }),
    );
    const result = await runGenerator({
      args: ['from-file'],
      options: { answers: file, defaults: true, port: '7071' },
    });
    const config = readConfig(join(result.dir, 'from-file'));
    assert.equal(config.servers.web.port, 7071);
    assert.deepEqual(config.webSockets.options.transports, ['websocket']);
    assert.equal(config.general.serverName, 'From File');
  });

  it('prompts ask every open question with the schema choices', async () => {
    const result = await runGenerator({
      args: ['asked'],
      answers: {
        transport: 'polling,websocket',
        https: true,
        port: '8443',
        redis: false,
        settings: ['serveClient', 'allowEIO3'],
        options: 'pingTimeout=30000 cors.origin=["https://a.example","https://b.example"]',
        logLevel: 'warn',
        serverName: 'Asked',
        welcomeMessage: 'welcome!',
      },
    });
    const config = readConfig(join(result.dir, 'asked'));
    assert.deepEqual(config.webSockets.options.transports, ['polling', 'websocket']);
    assert.equal(config.servers.web.secure, true);
    assert.equal(config.servers.web.port, 8443);
    assert.deepEqual(config.webSockets.settings, ['serveClient', 'allowEIO3']);
    assert.deepEqual(config.webSockets.options.cors, {
      origin: ['https://a.example', 'https://b.example'],
    });
    assert.equal(config.webSockets.logLevel, 'warn');
  });

  it('stores answers in .yo-rc.json and reuses them on a re-run', async () => {
    const first = await runGenerator({
      options: { defaults: true, port: '9191', transport: 'websocket' },
    });
    const stored = readJson(join(first.dir, '.yo-rc.json'))['generator-actionhero-ws'] as {
      answers: Record<string, unknown>;
    };
    assert.equal(stored.answers.port, 9191);
    // No --defaults and no terminal: every answer must come from .yo-rc.json, or this fails.
    await runGenerator({ dir: first.dir, options: { interactive: false, force: true } });
    const config = readConfig(first.dir);
    assert.equal(config.servers.web.port, 9191);
    assert.deepEqual(config.webSockets.options.transports, ['websocket']);
  });

  it('a re-run keeps hand edits to the config; only the flags given change it', async () => {
    const { dir } = await runGenerator({ options: { defaults: true } });
    const file = join(dir, 'config/config.json');
    const edited = readJson(file) as unknown as Config & {
      general: { defaultChatRoom: string };
    };
    edited.general.defaultChatRoom = 'lobby';
    edited.servers.web.port = 9999;
    writeFileSync(file, JSON.stringify(edited, null, 2));
    await runGenerator({ dir, options: { interactive: false, transport: 'polling' } });
    const config = readJson(file) as unknown as Config & {
      general: { defaultChatRoom: string };
    };
    assert.equal(config.general.defaultChatRoom, 'lobby');
    assert.equal(config.servers.web.port, 9999);
    assert.deepEqual(config.webSockets.options.transports, ['polling']);
  });

  it('with no terminal and open questions it fails at once naming the flags', async () => {
    const { error, dir } = await runFailing({ args: ['x'], options: { interactive: false } });
    assert.match(error.message, /No terminal to ask/);
    assert.match(error.message, /--transport/);
    assert.match(error.message, /--defaults/);
    assert.equal(existsSync(join(dir, 'x')), false);
  });
});
