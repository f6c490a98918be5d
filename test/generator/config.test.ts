// yo actionhero-ws:config: only config/*.json, .yo-rc.json (and .env for secrets) change, plus
// the files an answer brings or takes away (deploy/ with Redis); hand edits survive unless a flag
// sets that field; --from imports a 0.9 config; GEN-05, GEN-06.
import assert from 'node:assert/strict';
import {
  appendFileSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, it } from 'node:test';
import { repoRoot, runFailing, runGenerator } from '../helpers/generator.js';
import { changed as changedFiles, snapshot } from '../helpers/snapshot.js';

import type { ActionHeroWsConfig } from '../../src/shared/config-types.js';
import type { Answers } from '../../src/answers/answers.js';

const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;
type YoRc = Record<string, { answers: Answers }>;
const CONFIG_FILES = ['.yo-rc.json', 'config/config.json', 'config/config.schema.json'];
/** What a flag changes when the schema is already current. */
const CHANGED = ['.yo-rc.json', 'config/config.json'];
const DEPLOY_FILES = ['deploy/Dockerfile', 'deploy/docker-compose.yml', 'deploy/nginx.conf'];
/** The project's files that changed, leaving out the generation record, which follows every run. */
const changed = (...args: Parameters<typeof changedFiles>): string[] =>
  changedFiles(...args).filter((file) => !file.startsWith('.actionhero-ws/'));

describe('config generator', () => {
  let project = '';
  const config = (): ActionHeroWsConfig => readJson(join(project, 'config/config.json'));
  const runConfig = (options: Record<string, unknown> = {}) =>
    runGenerator({ generator: 'config', dir: project, options });

  beforeEach(async () => {
    const { dir } = await runGenerator({ args: ['proj'], options: { defaults: true } });
    project = join(dir, 'proj');
  });

  it('applies flags and touches nothing but the config files', async () => {
    const start = snapshot(project);
    await runConfig({ transport: 'polling', option: ['pingInterval=10000'] });
    const diff = changed(start, snapshot(project));
    assert.ok(
      diff.every((file) => CONFIG_FILES.includes(file)),
      diff.join(', '),
    );
    assert.deepEqual(config().webSockets.options.transports, ['polling']);
    assert.equal(config().webSockets.options.pingInterval, 10000);
    const stored = readJson<YoRc>(join(project, '.yo-rc.json'))['generator-actionhero-ws']?.answers;
    assert.equal(stored?.transport, 'polling');
    assert.deepEqual(stored?.options, { pingInterval: 10000 });
  });

  it('--redis switches Redis on and adds deploy/, as the app generator writes it', async () => {
    const start = snapshot(project);
    await runConfig({ redis: true });
    assert.deepEqual(changed(start, snapshot(project)), [...CHANGED, ...DEPLOY_FILES].sort());
    assert.equal(config().redis.enable, true);
    const stored = readJson<YoRc>(join(project, '.yo-rc.json'))['generator-actionhero-ws']?.answers;
    assert.equal(stored?.redis, true);
    const made = await runGenerator({ args: ['proj'], options: { defaults: true, redis: true } });
    for (const file of DEPLOY_FILES) {
      assert.equal(
        readFileSync(join(project, file), 'utf8'),
        readFileSync(join(made.dir, 'proj', file), 'utf8'),
        file,
      );
    }
  });

  it('--no-redis removes the deploy/ files left as generated and keeps one the user changed', async () => {
    await runConfig({ redis: true });
    appendFileSync(join(project, 'deploy/Dockerfile'), '# my change\n');
    const edited = readFileSync(join(project, 'deploy/Dockerfile'), 'utf8');
    const start = snapshot(project);
    await runConfig({ redis: false });
    assert.deepEqual(
      changed(start, snapshot(project)),
      [...CHANGED, 'deploy/docker-compose.yml', 'deploy/nginx.conf'].sort(),
    );
    assert.equal(readFileSync(join(project, 'deploy/Dockerfile'), 'utf8'), edited);
    assert.equal(existsSync(join(project, 'deploy/nginx.conf')), false);
    assert.equal(config().redis.enable, false);
  });

  it('--no-redis on a project made with --redis removes deploy/ with its folder', async () => {
    const { dir } = await runGenerator({
      args: ['made'],
      options: { defaults: true, redis: true },
    });
    project = join(dir, 'made');
    assert.ok(existsSync(join(project, 'deploy/nginx.conf')));
    await runConfig({ redis: false });
    assert.equal(existsSync(join(project, 'deploy')), false);
    await runConfig({ redis: true });
    for (const file of DEPLOY_FILES) assert.ok(existsSync(join(project, file)), file);
  });

  it('--redis keeps a deploy/ file the user already has (no terminal, no --force)', async () => {
    mkdirSync(join(project, 'deploy'));
    writeFileSync(join(project, 'deploy/Dockerfile'), 'FROM my-own\n');
    await runConfig({ redis: true, force: false });
    assert.equal(readFileSync(join(project, 'deploy/Dockerfile'), 'utf8'), 'FROM my-own\n');
    assert.ok(existsSync(join(project, 'deploy/nginx.conf')));
    await runConfig({ redis: false, force: false });
    assert.equal(readFileSync(join(project, 'deploy/Dockerfile'), 'utf8'), 'FROM my-own\n');
    assert.equal(existsSync(join(project, 'deploy/nginx.conf')), false);
  });

  it('GEN-05: run twice with the same answers, nothing changes the second time', async () => {
    await runConfig({ port: '9001', 'server-name': 'Quote " ` ${x} </script> \\' });
    const first = snapshot(project);
    await runConfig({ port: '9001', 'server-name': 'Quote " ` ${x} </script> \\' });
    assert.deepEqual(changed(first, snapshot(project)), []);
    await runConfig();
    assert.deepEqual(changed(first, snapshot(project)), []);
    assert.equal(config().general.serverName, 'Quote " ` ${x} </script> \\');
  });

  it('keeps values edited by hand unless a flag sets them', async () => {
    const edited = config();
    edited.general.defaultChatRoom = 'lobby';
    edited.servers.web.port = 7000;
    edited.webSockets.options.pingTimeout = 30000;
    writeFileSync(join(project, 'config/config.json'), JSON.stringify(edited));
    await runConfig({ 'log-level': 'debug' });
    assert.equal(config().general.defaultChatRoom, 'lobby');
    assert.equal(config().servers.web.port, 7000);
    assert.equal(config().webSockets.options.pingTimeout, 30000);
    assert.equal(config().webSockets.logLevel, 'debug');
    await runConfig({ port: '7001' });
    assert.equal(config().servers.web.port, 7001);
    assert.equal(config().general.defaultChatRoom, 'lobby');
  });

  it('refuses invalid flags with the validator message; nothing is written', async () => {
    const start = snapshot(project);
    const { error } = await runFailing({
      generator: 'config',
      dir: project,
      options: { port: '70000', option: ['pingInterval=fast'] },
    });
    assert.match(
      error.message,
      /servers\.web\.port: must be an integer from 0 to 65535 \(got 70000\); set it with --port/,
    );
    assert.match(
      error.message,
      /webSockets\.options\.pingInterval: must be an integer >= 1000 \(got "fast"\)/,
    );
    assert.deepEqual(changed(start, snapshot(project)), []);
  });

  it('GEN-06: a Redis password and a TLS passphrase reach only .env', async () => {
    await runConfig({
      redis: true,
      'redis-url': 'redis://:Sup3rSecretPw@db.internal:6380/1',
      https: true,
      'tls-passphrase': 'TlsPassPhrase42',
    });
    const files = snapshot(project);
    for (const [file, text] of files) {
      const secret = text.includes('Sup3rSecretPw') || text.includes('TlsPassPhrase42');
      assert.equal(secret, file === '.env', `${file} ${secret ? 'holds' : 'lacks'} a secret`);
    }
    const env = files.get('.env') ?? '';
    assert.match(env, /^REDIS_URL=redis:\/\/:Sup3rSecretPw@db\.internal:6380\/1$/m);
    assert.match(env, /^TLS_PASSPHRASE=TlsPassPhrase42$/m);
    assert.equal(config().redis.url, 'redis://db.internal:6380/1');
    assert.match(files.get('.gitignore') ?? '', /^\.env$/m);
  });

  it('--from imports a 0.9 config, keeping a secret out of config/', async () => {
    const start = snapshot(project);
    const legacy = join(repoRoot, 'test/fixtures/legacy/https-redis.json');
    await runConfig({ from: legacy });
    // The imported config enables Redis, so deploy/ comes with it.
    assert.deepEqual(
      changed(start, snapshot(project)),
      [...CHANGED, '.env', ...DEPLOY_FILES].sort(),
    );
    assert.equal(config().servers.web.port, 8443);
    assert.deepEqual(config().webSockets.options.transports, ['websocket', 'polling']);
    assert.match(readFileSync(join(project, '.env'), 'utf8'), /REDIS_URL=.*s3cr3t/);
    assert.ok(!JSON.stringify(config()).includes('s3cr3t'));
  });

  it('--from config/config.json fixes 0.9 keys the start-up check complains about', async () => {
    copyFileSync(
      join(repoRoot, 'test/fixtures/legacy/mixed-today.json'),
      join(project, 'config/config.json'),
    );
    const { error } = await runFailing({ generator: 'config', dir: project });
    assert.match(error.message, /yo actionhero-ws:config --from config\/config\.json/);
    await runConfig({ from: 'config/config.json' });
    assert.equal(config().webSockets.options.pingInterval, 10000);
    assert.deepEqual(config().webSockets.settings, ['serveClient']);
  });

  for (const [what, content, message] of [
    ['a missing file', undefined, /cannot read .*ENOENT/],
    ['invalid JSON', '{ "webSockets": ', /is not valid JSON/],
    ['a list', '[1, 2]', /must be a JSON object/],
    ['an unrelated object', '{"name": "x"}', /does not look like an actionHero config/],
  ] as const) {
    it(`--from with ${what}: a clear error and nothing changed`, async () => {
      const file = join(project, 'old.json');
      if (content !== undefined) writeFileSync(file, content);
      const start = snapshot(project);
      const { error } = await runFailing({
        generator: 'config',
        dir: project,
        options: { from: file },
      });
      assert.match(error.message, message);
      assert.deepEqual(changed(start, snapshot(project)), []);
    });
  }
});
