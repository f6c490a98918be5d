// Writes a built project through Yeoman's in-memory file system, so conflicts, --dry-run and
// .yo-resolve apply, and nothing reaches the disk if a later step fails.
import { existsSync, readdirSync, readFileSync, rmdirSync } from 'node:fs';
import { dirname, sep } from 'node:path';
import type Generator from 'yeoman-generator';
import type { Answers } from '../answers/answers.js';
import type { BuiltProject } from './build.js';
import { mergeEnv } from './env-file.js';
import { manifest, manifestChanges, type ManifestEntry } from './manifest.js';
import { projectPackageJson } from './package-json.js';
import { paths } from './paths.js';
import { NODE_START_FLAGS, SEMI_SPACE_MB } from './start-flags.js';

/** The files that belong to the generator: always rewritten, never asked about. */
export const GENERATED_FILES = [
  'config/config.json',
  'config/config.schema.json',
  'src/config/config-types.ts',
  'src/config/config-validation.ts',
  'src/config/json.ts',
] as const;

export function writeProject(generator: Generator, project: BuiltProject): void {
  writeTemplateFiles(
    generator,
    manifest(paths.templates('app'), project.storedAnswers),
    project.storedAnswers,
  );
  generator.fs.writeJSON(
    generator.destinationPath('package.json'),
    projectPackageJson(project.answers.name, paths.templates('app')),
  );
  writeConfigFiles(generator, project);
  writeEnv(generator, project.env);
}

/**
 * Copies template files into the project (rendering .ejs ones with values from `answers`).
 * Which files a project has, and how they read, follow the answers it stores in .yo-rc.json.
 */
function writeTemplateFiles(
  generator: Generator,
  entries: readonly ManifestEntry[],
  answers: Answers,
): void {
  const templateRoot = paths.templates('app');
  const context = templateContext(answers);
  for (const entry of entries) {
    const from = `${templateRoot}${entry.source}`;
    const to = generator.destinationPath(entry.target);
    if (entry.template) generator.fs.copyTpl(from, to, context);
    else generator.fs.copy(from, to);
  }
}

/** Secrets into .env, merged so the user's own lines are kept (hence never asked about). */
export function writeEnv(generator: Generator, env: Readonly<Record<string, string>>): void {
  if (Object.keys(env).length === 0) return;
  const envPath = generator.destinationPath('.env');
  generator.fs.write(
    envPath,
    mergeEnv(generator.fs.read(envPath, { defaults: '' }) ?? '', { ...env }),
  );
  forceWrite(generator, envPath);
}

export interface AnswerFileChanges {
  /** Project-relative paths written because the new answers bring them. */
  added: string[];
  /** Removed because the new answers do not bring them and they were as generated. */
  removed: string[];
  /** Not brought by the new answers, but changed by the user, so left alone. */
  kept: string[];
}

/**
 * After `:config` changed answers (`--redis`, `--no-redis`): writes the files the new answers
 * bring, and removes those they take away when each is still exactly what the generator writes
 * for the previous answers. A file the user changed is kept, and listed in `kept`.
 * `previous` are the answers the project stored so far (withDefaults of .yo-rc.json's).
 */
export function updateAnswerFiles(
  generator: Generator,
  previous: Answers,
  project: BuiltProject,
): AnswerFileChanges {
  const { added, removed } = manifestChanges(
    paths.templates('app'),
    previous,
    project.storedAnswers,
  );
  writeTemplateFiles(generator, added, project.storedAnswers);
  // What the generator would write for the previous answers, in memory only: each such file is
  // then either deleted (identical on disk) or left out of the commit (changed by the user).
  const onDisk = removed.filter((entry) => existsSync(generator.destinationPath(entry.target)));
  writeTemplateFiles(generator, onDisk, previous);
  const changes: AnswerFileChanges = { added: added.map((e) => e.target), removed: [], kept: [] };
  for (const { target } of onDisk) {
    const path = generator.destinationPath(target);
    const file = generator.env.sharedFs.get(path) as {
      contents?: Buffer | null;
      conflicter?: string;
    };
    if (file.contents && readFileSync(path).equals(file.contents)) {
      generator.fs.delete(path);
      forceWrite(generator, path);
      changes.removed.push(target);
    } else {
      file.conflicter = 'skip';
      changes.kept.push(target);
    }
  }
  return changes;
}

/** Removes the folders of `files` (project-relative) left empty, up to the project itself. */
export function removeEmptyFolders(generator: Generator, files: readonly string[]): void {
  const root = generator.destinationPath();
  for (const file of files) {
    for (
      let dir = dirname(generator.destinationPath(file));
      dir.startsWith(`${root}${sep}`);
      dir = dirname(dir)
    ) {
      if (!existsSync(dir) || readdirSync(dir).length > 0) break;
      rmdirSync(dir);
    }
  }
}

/** config/*.json and the shared TypeScript, marked so Yeoman's conflicter rewrites them silently. */
export function writeConfigFiles(generator: Generator, project: BuiltProject): void {
  const contents: Record<(typeof GENERATED_FILES)[number], string> = {
    'config/config.json': `${JSON.stringify({ $schema: './config.schema.json', ...project.config }, null, 2)}\n`,
    'config/config.schema.json': readFileSync(paths.schema, 'utf8'),
    'src/config/config-types.ts': readFileSync(`${paths.shared}config-types.ts`, 'utf8'),
    'src/config/config-validation.ts': readFileSync(`${paths.shared}config-validation.ts`, 'utf8'),
    'src/config/json.ts': readFileSync(`${paths.shared}json.ts`, 'utf8'),
  };
  for (const [file, text] of Object.entries(contents)) {
    const path = generator.destinationPath(file);
    generator.fs.write(path, text);
    forceWrite(generator, path);
  }
}

/** Tells Yeoman's conflicter this file is the generator's own, so it is never asked about. */
export function forceWrite(generator: Generator, path: string): void {
  const file = generator.env.sharedFs.get(path) as { conflicter?: string };
  file.conflicter = 'force';
}

/** The values templates may show; computed here so templates hold no logic. */
function templateContext(answers: Answers): Record<string, unknown> {
  const port = answers.port;
  return {
    name: answers.name,
    port,
    url: `${answers.https ? 'https' : 'http'}://localhost:${port}/`,
    https: answers.https,
    redis: answers.redis,
    transports: answers.transport.split(',').join(', '),
    startFlags: NODE_START_FLAGS.join(' '),
    semiSpaceMb: SEMI_SPACE_MB,
    // Docker's exec form: a JSON array, so the flags reach node without a shell in between.
    dockerStartCommand: `[${['node', ...NODE_START_FLAGS, 'dist/index.js'].map((word) => JSON.stringify(word)).join(', ')}]`,
  };
}
