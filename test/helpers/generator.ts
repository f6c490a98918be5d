// Runs this package's compiled generators in-process with yeoman-test, in a temp folder the
// test knows, so it can also look at what a failed run left behind.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import helpers, { type RunResult } from 'yeoman-test';

type GeneratorConstructor = Parameters<typeof helpers.run>[0];

export type GeneratorName = 'app' | 'config' | 'action' | 'upgrade' | 'middleware';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const generatorPath = (name: GeneratorName): string =>
  `${repoRoot}dist/generators/${name}/index.js`;

export interface GeneratorRun {
  generator?: GeneratorName;
  /** Flags, by option name (`port`, `redis-url`, `skipInstall`). */
  options?: Record<string, unknown>;
  args?: string[];
  /** Prompt answers; setting them also sets --interactive. */
  answers?: Record<string, unknown>;
  /** Files present in the folder before the run. */
  files?: Record<string, string | Record<string, unknown>>;
  /** Run in this folder instead of a fresh temp one. */
  dir?: string;
}

export function tempDir(prefix = 'ahws-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export interface GeneratorRunResult {
  /** The folder the generator ran in. */
  dir: string;
  result: RunResult;
}

export async function runGenerator(run: GeneratorRun = {}): Promise<GeneratorRunResult> {
  const dir = run.dir ?? tempDir();
  const name = run.generator ?? 'app';
  // Imported here, not by path: yeoman-environment require()s a path first, and under tsx that
  // require succeeds in loading the ESM build as CommonJS, which then breaks on ESM-only deps.
  const { default: Generator } = (await import(generatorPath(name))) as {
    default: GeneratorConstructor;
  };
  const base = helpers.run(Generator, {
    resolved: generatorPath(name),
    namespace: `actionhero-ws:${name}`,
  });
  // inDir empties the folder first; cd keeps what an earlier run (or the test) put there.
  let context = (run.dir ? base.cd(dir) : base.inDir(dir))
    .withOptions({
      skipInstall: true,
      ...(run.answers ? { interactive: true } : {}),
      ...run.options,
    })
    .withArguments(run.args ?? []);
  if (run.files) context = context.withFiles(run.files);
  if (run.answers) context = context.withAnswers(run.answers);
  return { dir, result: await context.run() };
}

/** Runs a generator that must fail; returns its error and the folder it ran in. */
export async function runFailing(run: GeneratorRun = {}): Promise<{ error: Error; dir: string }> {
  const dir = run.dir ?? tempDir();
  try {
    await runGenerator({ ...run, dir });
  } catch (error) {
    return { error: error instanceof Error ? error : new Error(String(error)), dir };
  }
  throw new Error(`the generator succeeded in ${dir} but was expected to fail`);
}
