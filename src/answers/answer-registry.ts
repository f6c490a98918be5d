// Everything the generator does with answers, derived from the registry entries of answers.ts:
// reading them from flags and files, turning them into a config, changing only their own fields
// of an existing config (`:config`), reading them back from a config, and naming the flag that
// fixes a config error. None of these lists an answer by hand.
import { answerSpecs, type Answers, type AnswerSpec, type Secrets } from './answers.js';
import { isKindValue, parseKind } from './flags.js';
import { getPath, isRecord, setPath, type Json } from '../shared/json.js';
import { orderLikeSchema, schemaAt } from '../config-schema.js';
import type { Config } from '../shared/config-types.js';
import type { ConfigIssue } from '../shared/config-validation.js';

export interface ParsedAnswers {
  answers: Partial<Answers>;
  issues: ConfigIssue[];
}

export interface ConfigDraft {
  /** Unvalidated: the schema judges it next. */
  config: Json;
  /** Environment variables for the git-ignored .env. */
  env: Record<string, string>;
}

export class AnswerRegistry {
  constructor(readonly specs: readonly AnswerSpec[]) {}

  spec(name: string): AnswerSpec | undefined {
    return this.specs.find((spec) => spec.name === name);
  }

  /** Reads every answer given as a flag; camelCase and dashed option names are both accepted. */
  fromFlags(options: Readonly<Record<string, unknown>>): ParsedAnswers {
    const answers: Json = {};
    const issues: ConfigIssue[] = [];
    for (const spec of this.specs) {
      const raw = options[spec.flag] ?? options[camelCase(spec.flag)];
      if (raw === undefined) continue;
      const value = this.parse(spec, raw, `--${spec.flag}`, issues);
      if (value !== undefined) answers[spec.name] = value;
    }
    return { answers, issues };
  }

  /** Reads an object of answers (an --answers file, .yo-rc.json): keys are names or flags. */
  fromObject(source: Readonly<Record<string, unknown>>, where: string): ParsedAnswers {
    const answers: Json = {};
    const issues: ConfigIssue[] = [];
    for (const [key, raw] of Object.entries(source)) {
      const spec = this.specs.find((candidate) => candidate.name === key || candidate.flag === key);
      if (!spec) {
        issues.push({
          path: `${where}: ${key}`,
          message: `is not a known answer; known answers: ${this.specs.map((s) => s.name).join(', ')}`,
        });
        continue;
      }
      const value = this.parse(spec, raw, `${where}: ${key}`, issues);
      if (value !== undefined) answers[spec.name] = value;
    }
    return { answers, issues };
  }

  /** A new project's config (and .env secrets) from complete answers. */
  toConfig(answers: Answers, secrets: Secrets = {}): ConfigDraft {
    const config: Json = { $schema: './config.schema.json' };
    const env: Record<string, string> = {};
    const all = answers as unknown as Json;
    for (const spec of this.specs) {
      const value = all[spec.name];
      Object.assign(env, spec.secrets?.(value as never) ?? {});
      if (spec.path === undefined) continue;
      if (spec.mergeKeys) this.mergeInto(config, spec.path, value);
      else setPath(config, spec.path, spec.toConfig ? spec.toConfig(value as never, all) : value);
    }
    if (secrets.tlsPassphrase) env.TLS_PASSPHRASE = secrets.tlsPassphrase;
    return { config: orderLikeSchema(config) as Json, env };
  }

  /**
   * `base` with only the fields of the `given` answers set from `answers`, so values edited by
   * hand survive; secrets split off as for a new project.
   */
  applyTo(
    base: Json,
    answers: Answers,
    given: readonly string[],
    secrets: Secrets = {},
  ): ConfigDraft {
    const draft = this.toConfig(answers, secrets);
    const config = structuredClone(base);
    for (const name of given) {
      const spec = this.spec(name);
      if (spec?.path === undefined) continue;
      if (spec.mergeKeys) this.mergeInto(config, spec.path, (answers as unknown as Json)[name]);
      else setPath(config, spec.path, getPath(draft.config, spec.path));
    }
    if (given.includes('https')) {
      // --https keeps key and certificate paths already in the config; --no-https clears them.
      for (const name of ['keyFile', 'certFile']) {
        const path = this.spec(name)?.path;
        if (path === undefined) continue;
        const current = getPath(config, path);
        if (!answers.https || current === null || current === undefined) {
          setPath(config, path, getPath(draft.config, path));
        }
      }
    }
    return { config, env: draft.env };
  }

  /** The answers that reproduce `config`; `previous` supplies what a config does not hold. */
  fromConfig(config: Config, previous: Partial<Answers>, folderName: string): Answers {
    const draft: Json = { ...previous, name: previous.name ?? folderName };
    const answers: Json = {};
    for (const spec of this.specs) {
      answers[spec.name] = spec.fromConfig
        ? spec.fromConfig(config, draft)
        : spec.mergeKeys && spec.path !== undefined
          ? this.ownKeys(getPath(config, spec.path), spec.path)
          : spec.path !== undefined
            ? getPath(config, spec.path)
            : draft[spec.name];
    }
    return answers as unknown as Answers;
  }

  /** The flag that sets the config field at `path` (or an item or key of it), if an answer does. */
  flagOfPath(path: string): string | undefined {
    let best: AnswerSpec | undefined;
    for (const spec of this.specs) {
      const at = spec.path;
      if (at === undefined) continue;
      const covers = path === at || path.startsWith(`${at}[`) || path.startsWith(`${at}.`);
      if (covers && (best?.path === undefined || at.length > best.path.length)) best = spec;
    }
    return best ? `--${best.flag}` : undefined;
  }

  /** Adds the flag to pass to an issue found in the config built from answers. */
  withFlag(issue: ConfigIssue): ConfigIssue {
    const flag = this.flagOfPath(issue.path);
    return flag ? { ...issue, message: `${issue.message}; set it with ${flag}` } : issue;
  }

  /** The flag that sets an answer, for error messages: `--port`. */
  flagOf(name: string): string {
    return `--${this.spec(name)?.flag ?? name}`;
  }

  private parse(spec: AnswerSpec, raw: unknown, where: string, issues: ConfigIssue[]): unknown {
    const value = parseKind(spec.kind, raw, where, issues);
    return spec.parse && isKindValue(spec.kind, value) ? spec.parse(value as never) : value;
  }

  /**
   * The keys of the object at `path` that a merged answer stands for: those that differ from the
   * schema's defaults and that no other answer decides (`transports` is --transport's).
   */
  private ownKeys(value: unknown, path: string): Json {
    const result: Json = {};
    if (!isRecord(value)) return result;
    const properties = (schemaAt(path).properties ?? {}) as Json;
    for (const [key, item] of Object.entries(value)) {
      if (this.specs.some((spec) => spec.path === `${path}.${key}`)) continue;
      const node = properties[key];
      const fallback = isRecord(node) ? node.default : undefined;
      if (JSON.stringify(item) !== JSON.stringify(fallback)) result[key] = item;
    }
    return result;
  }

  /** Each key of `value` set under `path`, objects merged with what is there. */
  private mergeInto(config: Json, path: string, value: unknown): void {
    if (!isRecord(value)) return;
    for (const [key, item] of Object.entries(value)) {
      const at = `${path}.${key}`;
      const current = getPath(config, at);
      setPath(config, at, isRecord(current) && isRecord(item) ? { ...current, ...item } : item);
    }
  }
}

function camelCase(flag: string): string {
  return flag.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

/** The generator's answers. */
export const registry = new AnswerRegistry(answerSpecs);
