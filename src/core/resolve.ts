// Decides every answer from, in order: flags, an --answers file, answers stored in .yo-rc.json,
// then the user (when there is a terminal) or the schema's defaults (with --defaults).
import type { AnswerSpec, Answers } from './answers.js';
import { answerSpecs } from './answers.js';

export interface AnswerLayers {
  flags: Partial<Answers>;
  file: Partial<Answers>;
  stored: Partial<Answers>;
  /** The target folder's name: the default project name. */
  folderName: string;
}

export function knownAnswers(layers: AnswerLayers): Partial<Answers> {
  return { ...layers.stored, ...layers.file, ...layers.flags };
}

/** The questions still open: askable, relevant given the answers so far, and not answered. */
export function openQuestions(known: Partial<Answers>): AnswerSpec[] {
  return answerSpecs.filter(
    (spec) =>
      spec.question !== undefined && known[spec.name] === undefined && isRelevant(spec, known),
  );
}

function isRelevant(spec: AnswerSpec, known: Partial<Answers>): boolean {
  return spec.when === undefined || spec.when({ ...withDefaults(known, ''), ...known });
}

/** Every answer, the missing ones from their defaults (in registry order, so later defaults see earlier answers). */
export function withDefaults(known: Partial<Answers>, folderName: string): Answers {
  const answers: Partial<Answers> = { name: toPackageName(folderName), ...known };
  for (const spec of answerSpecs) {
    if (answers[spec.name] === undefined) {
      (answers as Record<string, unknown>)[spec.name] = spec.defaultValue(answers);
    }
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
