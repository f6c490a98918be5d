// `upgrade` over a project, the branches the end-to-end test does not reach: a project made before
// generation records existed, and files a newer generator no longer writes (removed when untouched,
// kept when the user changed them).
import assert from 'node:assert/strict';
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { hashOf, RECORD_DIR, RECORD_FILE } from '../../src/project/record.js';
import { repoRoot, runGenerator } from '../helpers/generator.js';
import { run, type RunOutput } from '../helpers/process.js';
import { changed, snapshot } from '../helpers/snapshot.js';

interface Record {
  version: string;
  files: { [path: string]: string };
}

async function newProject(): Promise<string> {
  const { dir } = await runGenerator({ args: ['proj'], options: { defaults: true } });
  return join(dir, 'proj');
}

/** `actionhero-ws upgrade` run for real in `dir`, as a user would, for what it prints. */
async function upgradeBin(dir: string): Promise<RunOutput> {
  return run(
    process.execPath,
    [join(repoRoot, 'dist/bin/actionhero-ws.js'), 'upgrade', '--skip-install'],
    {
      cwd: dir,
    },
  );
}

describe('upgrade', () => {
  it('on a project without a record: takes the templates as the base, keeps edits, says so, records', async () => {
    const project = await newProject();
    rmSync(join(project, RECORD_DIR), { recursive: true });
    appendFileSync(join(project, 'src/app.ts'), '// mine\n');
    const upgraded = await upgradeBin(project);
    assert.equal(upgraded.code, 0, upgraded.stderr);
    assert.match(readFileSync(join(project, 'src/app.ts'), 'utf8'), /\/\/ mine\n$/);
    assert.match(upgraded.stderr, /No record of what an earlier generator wrote/);
    assert.match(upgraded.stderr, /keep\s+src\/app\.ts/);
    const record = JSON.parse(readFileSync(join(project, RECORD_FILE), 'utf8')) as Record;
    assert.ok(record.files['src/app.ts'], 'the record is written');
  });

  it('removes a file the generator no longer writes when untouched, keeps it when changed', async () => {
    const project = await newProject();
    const recordPath = join(project, RECORD_FILE);
    const record = JSON.parse(readFileSync(recordPath, 'utf8')) as Record;
    // As if an older generator had written these two files, which this one no longer ships.
    for (const file of ['src/old-helper.ts', 'src/old-edited.ts']) {
      const content = `// written by an older generator: ${file}\n`;
      writeFileSync(join(project, file), content);
      const base = join(project, RECORD_DIR, 'base', file);
      mkdirSync(dirname(base), { recursive: true });
      writeFileSync(base, content);
      record.files[file] = hashOf(content);
    }
    writeFileSync(recordPath, JSON.stringify(record, null, 2));
    appendFileSync(join(project, 'src/old-edited.ts'), '// my change\n');

    await runGenerator({ generator: 'upgrade', dir: project, options: { force: false } });
    assert.equal(existsSync(join(project, 'src/old-helper.ts')), false, 'untouched: removed');
    assert.match(readFileSync(join(project, 'src/old-edited.ts'), 'utf8'), /my change/);
    const after = JSON.parse(readFileSync(recordPath, 'utf8')) as Record;
    assert.equal(after.files['src/old-helper.ts'], undefined);
    assert.equal(after.files['src/old-edited.ts'], undefined, 'the kept file is the user’s now');
    assert.equal(existsSync(join(project, RECORD_DIR, 'base/src/old-helper.ts')), false);
  });

  it('--dry-run writes nothing, not even the record', async () => {
    const project = await newProject();
    appendFileSync(join(project, 'src/app.ts'), '// mine\n');
    const before = snapshot(project);
    await runGenerator({
      generator: 'upgrade',
      dir: project,
      options: { force: false, 'dry-run': true, dryRun: true },
    });
    assert.deepEqual(changed(before, snapshot(project)), []);
  });
});
