// Which template files a project gets, and under which names. A file that only some projects
// get is decided here, beside the rule, never by an `if` around a template's content.
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Answers } from '../answers/answers.js';

export interface ManifestEntry {
  /** Path inside templates/app. */
  source: string;
  /** Path inside the project. */
  target: string;
  /** Rendered with ejs (the source ends in .ejs). */
  template: boolean;
}

/** Files the generator builds itself rather than copying. */
const BUILT = new Set(['package.template.json']);

/** Files only some projects get. */
const ONLY_WHEN: readonly { prefix: string; when: (answers: Answers) => boolean }[] = [
  { prefix: 'deploy/', when: (answers) => answers.redis },
];

export function manifest(templateRoot: string, answers: Answers): ManifestEntry[] {
  return listFiles(templateRoot)
    .map((file) => relative(templateRoot, file).split('\\').join('/'))
    .filter((source) => !BUILT.has(source))
    .filter((source) =>
      ONLY_WHEN.every((rule) => !source.startsWith(rule.prefix) || rule.when(answers)),
    )
    .map((source) => ({
      source,
      target: targetName(source),
      template: source.endsWith('.ejs'),
    }));
}

/**
 * The files one set of answers brings and another does not (`:config --redis` brings deploy/,
 * `--no-redis` takes it away): only the rules of ONLY_WHEN can make a difference.
 */
export function manifestChanges(
  templateRoot: string,
  before: Answers,
  after: Answers,
): { added: ManifestEntry[]; removed: ManifestEntry[] } {
  const targets = (entries: ManifestEntry[]): Set<string> =>
    new Set(entries.map((entry) => entry.target));
  const old = manifest(templateRoot, before);
  const next = manifest(templateRoot, after);
  const oldTargets = targets(old);
  const nextTargets = targets(next);
  return {
    added: next.filter((entry) => !oldTargets.has(entry.target)),
    removed: old.filter((entry) => !nextTargets.has(entry.target)),
  };
}

/** `_gitignore` → `.gitignore` (npm drops dotfiles from packages); `README.md.ejs` → `README.md`. */
function targetName(source: string): string {
  return source
    .split('/')
    .map((part) => (part.startsWith('_') ? `.${part.slice(1)}` : part))
    .join('/')
    .replace(/\.ejs$/, '');
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.name === 'node_modules' || entry.name === 'dist') return [];
    return entry.isDirectory() ? listFiles(path) : [path];
  });
}
