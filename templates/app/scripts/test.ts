// npm test: every *.test.ts under test/, at any depth (test/actions/ included), one file at a time.
//
// Why a script: `node --test` on Node 20 does not expand globs, and a shell glob such as
// test/**/*.test.ts needs bash's globstar (and reaches node as is when nothing matches).
// Extra arguments go to node: `npm test -- --test-name-pattern=cache`. An argument naming a
// folder or a *.test.ts file runs only those tests: `npm test -- test/actions`.

import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));

/** `path` itself if it is a test file, else every *.test.ts under it, sorted. */
function testFiles(path: string): string[] {
  if (!statSync(join(root, path)).isDirectory()) return [path];
  return readdirSync(join(root, path), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.test.ts'))
    .map((file) => join(path, file))
    .sort();
}

/** A test file or a folder of tests, as opposed to an option (or an option's value) for node. */
function isTestPath(arg: string): boolean {
  if (arg.startsWith('-') || !existsSync(join(root, arg))) return false;
  return arg.endsWith('.test.ts') || statSync(join(root, arg)).isDirectory();
}

const args = process.argv.slice(2);
const paths = args.filter(isTestPath);
const nodeArgs = args.filter((arg) => !isTestPath(arg));
const files = (paths.length > 0 ? paths : ['test']).flatMap(testFiles);

if (files.length === 0) {
  console.error(`No *.test.ts files under ${paths.length > 0 ? paths.join(', ') : 'test/'}.`);
  process.exit(1);
}

const child = spawn(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=1', ...nodeArgs, ...files],
  { cwd: root, stdio: 'inherit' },
);
child.on('exit', (code, signal) => {
  if (signal) {
    process.kill(process.pid, signal); // end the way the tests ended (e.g. Ctrl-C)
  } else {
    process.exit(code ?? 1);
  }
});
