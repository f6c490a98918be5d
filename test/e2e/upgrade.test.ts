// Upgrading a project to a newer generator, the way a user lives it: a project is generated with
// this generator (real npm install), committed and edited; a *newer* generator is built from a
// copy of this repository whose templates changed; its `upgrade` replaces what the user never
// touched, keeps the user's edits, marks the one real conflict and names it, adds the new file,
// merges package.json as JSON, and a second upgrade changes nothing. GEN-09.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  appendFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join, relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { repoRoot, tempDir } from '../helpers/generator.js';
import { run, type RunOutput } from '../helpers/process.js';
import { createProject, type Project } from '../helpers/project.js';

const NEW_INDEX_LINE = '// Added by the newer generator: a line appended to src/index.ts.';
const ORIGINAL_DESCRIPTION = "description: 'Returns a random number between 0 and 1.',";
const GENERATOR_DESCRIPTION = "description: 'Returns a random number in [0, 1).',";
const USER_DESCRIPTION = "description: 'Returns a random number, for the dice page.',";
const NEW_TEMPLATE = 'docs/UPGRADING.md';

/** A copy of this repository with changed templates and a bumped version, built. */
async function buildNewerGenerator(): Promise<string> {
  const root = join(tempDir('ahws-newer-'), 'generator');
  for (const entry of ['package.json', 'tsconfig.json', 'src', 'templates', 'schema', 'scripts']) {
    cpSync(join(repoRoot, entry), join(root, entry), { recursive: true });
  }
  symlinkSync(join(repoRoot, 'node_modules'), join(root, 'node_modules'), 'dir');
  const pkgFile = join(root, 'package.json');
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as {
    version: string;
    devDependencies: Record<string, string>;
  };
  pkg.version = '99.0.0';
  // A dependency the generator moves to a newer range: the project's package.json follows it.
  pkg.devDependencies.pino = `${pkg.devDependencies.pino ?? '^9.0.0'} || ^99.0.0`;
  writeFileSync(pkgFile, `${JSON.stringify(pkg, null, 2)}\n`);
  appendFileSync(join(root, 'templates/app/src/index.ts'), `${NEW_INDEX_LINE}\n`);
  const action = join(root, 'templates/app/src/actions/randomNumber.ts');
  const text = readFileSync(action, 'utf8');
  assert.ok(
    text.includes(ORIGINAL_DESCRIPTION),
    'the shipped action still reads as this test expects',
  );
  writeFileSync(action, text.replace(ORIGINAL_DESCRIPTION, GENERATOR_DESCRIPTION));
  mkdirSync(join(root, 'templates/app/docs'), { recursive: true });
  writeFileSync(join(root, 'templates/app', NEW_TEMPLATE), '# Upgrading\n\nNew in 99.0.0.\n');
  const built = await run('npm', ['run', 'build'], { cwd: root, timeoutMs: 300_000 });
  assert.equal(built.code, 0, built.stdout + built.stderr);
  return join(root, 'dist/bin/actionhero-ws.js');
}

/** sha256 of every file of the project but .git and node_modules: proves a run wrote nothing. */
function hashes(dir: string): Map<string, string> {
  const result = new Map<string, string>();
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      if (entry.name === '.git' || entry.name === 'node_modules') continue;
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else
        result.set(
          relative(dir, path),
          createHash('sha256').update(readFileSync(path)).digest('hex'),
        );
    }
  };
  walk(dir);
  return result;
}

describe(
  'GEN-09: upgrade a project to a newer generator, keeping every edit',
  { timeout: 900_000 },
  () => {
    let project: Project;
    let newer = '';
    const git = (args: string[]): Promise<RunOutput> =>
      run('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', ...args], {
        cwd: project.dir,
      });
    const upgrade = (args: string[] = []): Promise<RunOutput> =>
      run(process.execPath, [newer, 'upgrade', '--skip-install', ...args], {
        cwd: project.dir,
        timeoutMs: 120_000,
      });
    const read = (file: string): string => readFileSync(join(project.dir, file), 'utf8');

    before(async () => {
      [project, newer] = await Promise.all([
        createProject({ install: 'npm' }),
        buildNewerGenerator(),
      ]);
      assert.ok(
        existsSync(join(project.dir, '.actionhero-ws/generated.json')),
        'the record is written',
      );
      assert.equal((await git(['init', '-q'])).code, 0);
      // dist/ is built by createProject and git-ignored by the project.
      await git(['add', '-A']);
      assert.equal((await git(['commit', '-qm', 'generated'])).code, 0);

      // The user's edits: one line of src/app.ts, the action's description, a file and a
      // dependency and script of their own.
      const app = read('src/app.ts');
      writeFileSync(join(project.dir, 'src/app.ts'), app.replace(/^/, '// My project.\n'));
      const action = read('src/actions/randomNumber.ts');
      writeFileSync(
        join(project.dir, 'src/actions/randomNumber.ts'),
        action.replace(ORIGINAL_DESCRIPTION, USER_DESCRIPTION),
      );
      writeFileSync(join(project.dir, 'NOTES.md'), '# My notes\n');
      const pkg = JSON.parse(read('package.json')) as {
        scripts: Record<string, string>;
        dependencies: Record<string, string>;
      };
      pkg.scripts.hello = 'echo hello';
      pkg.dependencies['my-own-dependency'] = '^1.0.0';
      writeFileSync(join(project.dir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
      await git(['add', '-A']);
      assert.equal((await git(['commit', '-qm', 'my edits'])).code, 0);
    });
    after(() => project?.remove());

    it('refuses a work tree with uncommitted changes, unless --force', async () => {
      appendFileSync(join(project.dir, 'NOTES.md'), 'not committed yet\n');
      const before = hashes(project.dir);
      const refused = await upgrade();
      assert.equal(refused.code, 1, refused.stdout);
      assert.match(
        refused.stderr,
        /uncommitted change.*NOTES\.md.*commit or stash them first.*--force/,
      );
      assert.deepEqual(hashes(project.dir), before, 'nothing written');
      assert.equal((await git(['checkout', '--', 'NOTES.md'])).code, 0);
    });

    it('--dry-run prints the plan and writes nothing', async () => {
      const before = hashes(project.dir);
      const planned = await upgrade(['--dry-run']);
      assert.equal(planned.code, 0, planned.stderr);
      const out = planned.stdout + planned.stderr;
      assert.match(out, /Upgrade from generator-actionhero-ws \S+ to 99\.0\.0/);
      assert.match(out, /replace\s+src\/index\.ts/);
      assert.match(out, /conflict\s+src\/actions\/randomNumber\.ts/);
      assert.match(out, /add\s+docs\/UPGRADING\.md/);
      assert.match(out, /merge\s+package\.json/);
      assert.match(out, /keep\s+src\/app\.ts/);
      assert.match(out, /Dry run: nothing was written\./);
      assert.deepEqual(hashes(project.dir), before, 'no file changed');
    });

    it('upgrade replaces, merges, marks the conflict, adds, and exits non-zero naming it', async () => {
      const upgraded = await upgrade();
      assert.equal(upgraded.code, 1, upgraded.stdout + upgraded.stderr);
      assert.match(
        upgraded.stderr,
        /conflict in src\/actions\/randomNumber\.ts: keep what you need/,
      );
      assert.ok(read('src/index.ts').endsWith(`${NEW_INDEX_LINE}\n`), 'untouched file replaced');
      assert.ok(read('src/app.ts').startsWith('// My project.\n'), 'edit kept');
      const action = read('src/actions/randomNumber.ts');
      assert.match(action, /^<<<<<<< your version$/m);
      assert.match(action, /^>>>>>>> generator-actionhero-ws 99\.0\.0$/m);
      assert.ok(action.includes(USER_DESCRIPTION) && action.includes(GENERATOR_DESCRIPTION));
      assert.equal(read(NEW_TEMPLATE), '# Upgrading\n\nNew in 99.0.0.\n');
      assert.equal(read('NOTES.md'), '# My notes\n', 'own file kept');
      const pkg = JSON.parse(read('package.json')) as {
        scripts: Record<string, string>;
        dependencies: Record<string, string>;
        devDependencies: Record<string, string>;
      };
      assert.equal(pkg.scripts.hello, 'echo hello');
      assert.equal(pkg.dependencies['my-own-dependency'], '^1.0.0');
      assert.match(pkg.dependencies.pino ?? pkg.devDependencies.pino ?? '', /\|\| \^99\.0\.0$/);
      const record = JSON.parse(read('.actionhero-ws/generated.json')) as { version: string };
      assert.equal(record.version, '99.0.0');
    });

    it('once the conflict is resolved and committed, the project type-checks and a second upgrade changes nothing', async () => {
      const action = read('src/actions/randomNumber.ts');
      const resolved = action.replace(
        /^<<<<<<< your version\n[\s\S]*?\n>>>>>>> [^\n]*$/m,
        `  ${USER_DESCRIPTION}`,
      );
      assert.doesNotMatch(resolved, /<<<<<<<|>>>>>>>|^=======$/m);
      writeFileSync(join(project.dir, 'src/actions/randomNumber.ts'), resolved);
      const typecheck = await project.npm(['run', 'typecheck']);
      assert.equal(typecheck.code, 0, typecheck.stdout + typecheck.stderr);
      await git(['add', '-A']);
      assert.equal((await git(['commit', '-qm', 'upgrade to 99.0.0'])).code, 0);

      const before = hashes(project.dir);
      const again = await upgrade();
      assert.equal(again.code, 0, again.stdout + again.stderr);
      assert.doesNotMatch(
        again.stdout + again.stderr,
        /^\s*info\s+(?:replace|merge|conflict|add|remove)\s/m,
      );
      assert.deepEqual(hashes(project.dir), before, 'the second upgrade wrote nothing new');
      assert.equal((await git(['status', '--porcelain'])).stdout, '');
    });
  },
);
