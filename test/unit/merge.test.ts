// The three-way merges upgrade relies on: text with git's conflict markers, and package.json as
// JSON, where the generator's dependency versions win and the user's additions stay.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mergePackageJson, mergeText } from '../../src/project/merge.js';

describe('mergeText', () => {
  const base = 'one\ntwo\nthree\nfour\n';

  it('takes both sides when they changed different lines, keeping the final newline', () => {
    const merged = mergeText(base, 'ONE\ntwo\nthree\nfour\n', 'one\ntwo\nthree\nFOUR\n', 'gen 2');
    assert.deepEqual(merged, { text: 'ONE\ntwo\nthree\nFOUR\n', conflict: false });
  });

  it('marks lines both sides changed, ours first, as git does', () => {
    const merged = mergeText(
      base,
      'one\nmine\nthree\nfour\n',
      'one\ntheirs\nthree\nfour\n',
      'gen 2',
    );
    assert.equal(merged.conflict, true);
    assert.equal(
      merged.text,
      'one\n<<<<<<< your version\nmine\n=======\ntheirs\n>>>>>>> gen 2\nthree\nfour\n',
    );
  });
});

describe('mergePackageJson', () => {
  const base = {
    name: 'app',
    version: '0.1.0',
    scripts: { start: 'node dist/index.js', test: 'node --test' },
    dependencies: { 'socket.io': '^4.8.0', send: '^1.0.0' },
  };

  it('moves dependency versions to the generator’s and keeps what the user added', () => {
    const ours = {
      ...base,
      version: '1.2.0',
      scripts: { ...base.scripts, hello: 'echo hello', test: 'node --test --watch' },
      dependencies: { ...base.dependencies, 'socket.io': '^4.8.1', 'left-pad': '^1.0.0' },
    };
    const theirs = {
      ...base,
      scripts: { ...base.scripts, test: 'node scripts/test.ts', lint: 'eslint .' },
      dependencies: { 'socket.io': '^4.9.0' },
    };
    assert.deepEqual(mergePackageJson(base, ours, theirs), {
      name: 'app',
      version: '1.2.0',
      scripts: {
        start: 'node dist/index.js',
        // The user's own change wins over the generator's for a script.
        test: 'node --test --watch',
        hello: 'echo hello',
        lint: 'eslint .',
      },
      // send: dropped by the generator and untouched by the user, so removed.
      dependencies: { 'socket.io': '^4.9.0', 'left-pad': '^1.0.0' },
    });
  });

  it('leaves a dependency the user removed removed', () => {
    const ours = { ...base, dependencies: { 'socket.io': '^4.8.0' } };
    const theirs = { ...base, dependencies: { 'socket.io': '^4.9.0', send: '^1.1.0' } };
    assert.deepEqual(mergePackageJson(base, ours, theirs).dependencies, { 'socket.io': '^4.9.0' });
  });
});
