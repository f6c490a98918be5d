// Decides every answer from, in order: flags, an --answers file, answers stored in .yo-rc.json,
// then the user (when there is a terminal) or the schema's defaults (with --defaults).
import type { AnswerName, AnswerSpec, Answers } from './answers.js';
import { registry as defaultRegistry, type AnswerRegistry } from './answer-registry.js';

export interface AnswerLayers {
  flags: Partial<Answers>;
  file: Partial<Answers>;
  stored: Partial<Answers>;
}

export function knownAnswers(layers: AnswerLayers): Partial<Answers> {
  const known = { ...layers.stored, ...layers.file, ...layers.flags };
  const given = { ...layers.file, ...layers.flags };
  // Switching to https without key paths: the development pair's defaults apply, not the
  // nulls an http project stored.
  if (given.https === true) {
    if (given.keyFile === undefined) delete known.keyFile;
    if (given.certFile === undefined) delete known.certFile;
  }
  return known;
}

/** The answers given this run (flags, --answers, prompts), as opposed to stored ones. */
export function givenNames(...layers: Partial<Answers>[]): AnswerName[] {
  return [...new Set(layers.flatMap((layer) => Object.keys(layer) as AnswerName[]))];
}

/** The questions still open: askable, relevant given the answers so far, and not answered. */
export function openQuestions(
  known: Partial<Answers>,
  registry: AnswerRegistry = defaultRegistry,
): AnswerSpec[] {
  const answered = known as Readonly<Record<string, unknown>>;
  return registry.specs.filter(
    (spec) =>
      spec.question !== undefined &&
      answered[spec.name] === undefined &&
      (spec.when === undefined || spec.when({ ...withDefaults(known, '', registry), ...known })),
  );
}

/** Every answer, the missing ones from their defaults (in registry order, so later defaults see earlier answers). */
export function withDefaults(
  known: Partial<Answers>,
  folderName: string,
  registry: AnswerRegistry = defaultRegistry,
): Answers {
  const answers: Record<string, unknown> = { name: toPackageName(folderName), ...known };
  for (const spec of registry.specs) {
    if (answers[spec.name] === undefined) answers[spec.name] = spec.defaultValue(answers);
  }
  return answers as Answers;
}

/** The error for a run with questions left and no terminal to ask them on. */
export function missingAnswersMessage(open: AnswerSpec[]): string {
  const flags = open.map((spec) =>
    spec.kind === 'boolean' ? `--${spec.flag}/--no-${spec.flag}` : `--${spec.flag}`,
  );
  return (
    `No terminal to ask ${open.length === 1 ? 'a question' : `${open.length} questions`} on: ` +
    `pass ${flags.join(', ')}, or --defaults to take the default answers (or --answers FILE.json).`
  );
}

/** A folder name made into a valid npm package name: `My App` → `my-app`. */
export function toPackageName(folderName: string): string {
  const name = folderName
    .toLowerCase()
    .replace(/[^a-z0-9-._~]+/g, '-')
    .replace(/^[-._]+|-+$/g, '');
  return name === '' ? 'actionhero-ws-app' : name;
}
