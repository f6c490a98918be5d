// The questions a person answers at a terminal, made from the answer registry. Each answer is
// checked against the config schema the moment it is typed, so a bad port is asked again at once
// (with the very line a bad --port flag prints) instead of failing after the last question.
import type { AnswerSpec, Answers } from './answers.js';
import { buildProject } from '../project/build.js';
import {
  registry as defaultRegistry,
  type AnswerRegistry,
  type ParsedAnswers,
} from './answer-registry.js';
import { withDefaults } from './resolve.js';
import { formatIssue } from '../shared/config-validation.js';
import { isRecord } from '../shared/json.js';

/** What a question needs to know about the run it is part of. */
export interface PromptContext {
  /** Answers known before asking: flags, --answers file, .yo-rc.json. */
  known: Partial<Answers>;
  /** Name of the target folder, the default project name. */
  folderName: string;
  /** The config already on disk, on a re-run. */
  base?: Record<string, unknown>;
  /** The answers' registry; tests pass one with an extra answer. */
  registry?: AnswerRegistry;
}

/** One inquirer question; inquirer's own types cannot describe a list of mixed prompt types. */
export interface Question {
  type: NonNullable<AnswerSpec['promptType']>;
  name: string;
  message: string;
  choices?: { name: string; value: string }[];
  default: (sofar: Record<string, unknown>) => unknown;
  when?: (sofar: Record<string, unknown>) => boolean;
  validate: (value: unknown, sofar?: Record<string, unknown>) => true | string;
}

export function questionsFor(open: readonly AnswerSpec[], context: PromptContext): Question[] {
  return open.map((spec) => ({
    type: spec.promptType ?? 'input',
    name: spec.name,
    message: spec.question ?? spec.name,
    choices: spec.choices?.(),
    default: (sofar) =>
      shownDefault(
        spec,
        withDefaults(answersSoFar(context, sofar, spec.name), context.folderName, context.registry),
      ),
    ...(spec.when
      ? {
          when: (sofar) =>
            spec.when?.(withDefaults(answersSoFar(context, sofar), '', context.registry)) ?? true,
        }
      : {}),
    validate: (value, sofar = {}) => {
      const problems = answerProblems(spec, choiceValues(value), {
        ...context,
        known: answersSoFar(context, sofar),
      });
      return problems.length === 0 ? true : problems.join('\n');
    },
  }));
}

/**
 * The error lines for `raw` as the answer to `spec`, given the answers so far: parsed the way its
 * flag is parsed, then judged by the schema with every later answer at its default. Only the
 * problems of this answer count here; one that needs a later answer to fix is reported at the end.
 */
export function answerProblems(spec: AnswerSpec, raw: unknown, context: PromptContext): string[] {
  const registry = context.registry ?? defaultRegistry;
  const parsed = registry.fromFlags({ [spec.flag]: raw });
  if (parsed.issues.length > 0) return parsed.issues.map(formatIssue);
  const answers = withDefaults(
    { ...context.known, ...parsed.answers },
    context.folderName,
    registry,
  );
  const result = buildProject({
    answers,
    registry,
    ...(context.base ? { base: context.base, given: [spec.name] } : {}),
  });
  if (result.ok) return [];
  return result.errors
    .filter(
      (issue) => issue.path === spec.name || registry.flagOfPath(issue.path) === `--${spec.flag}`,
    )
    .map(formatIssue);
}

/** A checkbox prompt validates the chosen items, `{name, value}` each: the answer is the values. */
function choiceValues(value: unknown): unknown {
  if (!Array.isArray(value)) return value;
  return value.map((item: unknown) =>
    item !== null && typeof item === 'object' && 'value' in item ? item.value : item,
  );
}

/** The known answers with what was answered at the prompts so far, parsed like flags. */
function answersSoFar(
  context: PromptContext,
  sofar: Record<string, unknown>,
  except?: string,
): Partial<Answers> {
  const rest = Object.fromEntries(Object.entries(sofar).filter(([name]) => name !== except));
  return { ...context.known, ...answersFromPrompts(rest, context.registry).answers };
}

/** What inquirer returns, keyed by answer name, parsed exactly as the same values given as flags. */
export function answersFromPrompts(
  asked: Record<string, unknown>,
  registry: AnswerRegistry = defaultRegistry,
): ParsedAnswers {
  const flags: Record<string, unknown> = {};
  for (const spec of registry.specs) {
    if (asked[spec.name] !== undefined) flags[spec.flag] = asked[spec.name];
  }
  return registry.fromFlags(flags);
}

/** The default as the person would type it: `8080`, `pingInterval=10000`, nothing for no options. */
function shownDefault(spec: AnswerSpec, sofar: Answers): unknown {
  const value = spec.defaultValue(sofar);
  if (isRecord(value)) {
    const text = keyValueText(value);
    return text === '' ? undefined : text;
  }
  if (spec.promptType === 'input')
    return value === null || value === undefined ? undefined : String(value);
  return value;
}

/** `{pingInterval: 10000, cors: {origin: "x"}}` → `pingInterval=10000 cors.origin=x`. */
export function keyValueText(value: unknown, prefix = ''): string {
  if (!isRecord(value)) return '';
  return Object.entries(value)
    .map(([key, item]) =>
      isRecord(item)
        ? keyValueText(item, `${prefix}${key}.`)
        : `${prefix}${key}=${typeof item === 'string' ? item : JSON.stringify(item)}`,
    )
    .filter((text) => text !== '')
    .join(' ');
}
