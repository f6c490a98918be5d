// From answers to everything a project is made of, validated: nothing is written unless this
// succeeds, and nothing downstream checks or defaults again.
import type { Answers, Secrets } from '../answers/answers.js';
import { checkPackageName, checkTransport } from '../answers/answer-checks.js';
import { registry as defaultRegistry, type AnswerRegistry } from '../answers/answer-registry.js';
import { validateConfig } from '../config-schema.js';
import type { ConfigIssue } from '../shared/config-validation.js';
import type { Config } from '../shared/config-types.js';

export interface BuiltProject {
  answers: Readonly<Answers>;
  config: Config;
  /** Secrets for the git-ignored .env. */
  env: Readonly<Record<string, string>>;
  warnings: readonly ConfigIssue[];
  /** What .yo-rc.json keeps: the answers without any secret. */
  storedAnswers: Readonly<Answers>;
}

export type BuildResult =
  { ok: true; project: BuiltProject } | { ok: false; errors: ConfigIssue[] };

export interface BuildInput {
  answers: Answers;
  secrets?: Secrets;
  /**
   * The config already there (on disk, or imported from an old one): only the `given` answers
   * change it, so values edited by hand survive. Without it the config is made from the answers.
   */
  base?: Record<string, unknown>;
  given?: readonly string[];
  /** The answers' registry; tests pass one with an extra answer. */
  registry?: AnswerRegistry;
}

export function buildProject({
  answers,
  secrets = {},
  base,
  given = [],
  registry = defaultRegistry,
}: BuildInput): BuildResult {
  const transportErrors =
    base === undefined || given.includes('transport') ? checkTransport(answers.transport) : [];
  // A bad --transport would only repeat itself as list errors below: report it once, as given.
  const checked = transportErrors.length > 0 ? { ...answers, transport: 'websocket' } : answers;
  const draft =
    base === undefined
      ? registry.toConfig(checked, secrets)
      : registry.applyTo(base, checked, given, secrets);
  const result = validateConfig(draft.config);
  const errors = [
    ...checkPackageName(answers.name),
    ...transportErrors,
    ...result.errors.map((issue) => registry.withFlag(issue)),
  ];
  if (!result.ok || !result.config || errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    project: {
      answers,
      config: result.config,
      env: draft.env,
      warnings: result.warnings.map((issue) => registry.withFlag(issue)),
      storedAnswers: registry.fromConfig(result.config, answers, answers.name),
    },
  };
}
