// From answers to everything a project is made of, validated: nothing is written unless this
// succeeds, and nothing downstream checks or defaults again.
import type { Answers, Secrets } from './answers.js';
import {
  answersToConfig,
  checkPackageName,
  checkTransport,
  splitRedisUrl,
  withFlag,
} from './to-config.js';
import { validateConfig } from './schema.js';
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

export function buildProject(answers: Answers, secrets: Secrets = {}): BuildResult {
  const transportErrors = checkTransport(answers.transport);
  // A bad --transport would only repeat itself as list errors below: report it once, as given.
  const valid = transportErrors.length > 0 ? { ...answers, transport: 'websocket' } : answers;
  const draft = answersToConfig(valid, secrets);
  const result = validateConfig(draft.config);
  const errors = [
    ...checkPackageName(answers.name),
    ...transportErrors,
    ...result.errors.map(withFlag),
  ];
  if (!result.ok || !result.config || errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    project: {
      answers,
      config: result.config,
      env: draft.env,
      warnings: result.warnings.map(withFlag),
      storedAnswers: { ...answers, redisUrl: splitRedisUrl(answers.redisUrl).url },
    },
  };
}
