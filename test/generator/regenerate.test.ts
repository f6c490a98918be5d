// Re-running the app generator over a project: GEN-05 (same answers, nothing changes) and GEN-04
// (a user-edited file is kept without a terminal, unless --force or .yo-resolve says otherwise).
import assert from 'node:assert/strict';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, it } from 'node:test';
import { runGenerator } from '../helpers/generator.js';
import { changed, snapshot } from '../helpers/snapshot.js';

describe('app generator re-run', () => {
  let project = '';
  let original = '';
  const action = (): string => readFileSync(join(project, 'src/actions/status.ts'), 'utf8');
  const rerun = (options: Record<string, unknown> = {}) =>
    // yeoman-test passes force: true unless told otherwise; a user's run does not.
    runGenerator({ dir: project, options: { defaults: true, force: false, ...options } });

  beforeEach(async () => {
    const { dir } = await runGenerator({
      args: ['proj'],
      options: { defaults: true, redis: true, 'redis-url': 'redis://:pw1@h:6379/0' },
    });
    project = join(dir, 'proj');
    original = action();
  });

  it('GEN-05: the same answers twice change no file', async () => {
    const first = snapshot(project);
    await rerun();
    assert.deepEqual(changed(first, snapshot(project)), []);
  });

  it('GEN-04: keeps an edited action without a terminal, and still regenerates config', async () => {
    appendFileSync(join(project, 'src/actions/status.ts'), '// my edit\n');
    const edited = action();
    await rerun({ port: '9100' });
    assert.equal(action(), edited);
    const config = JSON.parse(readFileSync(join(project, 'config/config.json'), 'utf8')) as {
      servers: { web: { port: number } };
    };
    assert.equal(config.servers.web.port, 9100);
  });

  it('GEN-04: --force overwrites the edited file', async () => {
    appendFileSync(join(project, 'src/actions/status.ts'), '// my edit\n');
    await rerun({ force: true });
    assert.equal(action(), original);
  });

  it('GEN-04: .yo-resolve decides for the files it names', async () => {
    appendFileSync(join(project, 'src/actions/status.ts'), '// my edit\n');
    appendFileSync(join(project, 'src/app.ts'), '// my edit\n');
    writeFileSync(join(project, '.yo-resolve'), 'src/actions/status.ts force\n');
    const app = readFileSync(join(project, 'src/app.ts'), 'utf8');
    await rerun();
    assert.equal(action(), original, '.yo-resolve force overwrites');
    assert.equal(readFileSync(join(project, 'src/app.ts'), 'utf8'), app, 'others are kept');
  });
});
