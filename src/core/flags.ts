// Turns command-line flags and --answers files into answers, without judging them: judging is
// the schema's job (validate.ts), so a bad value reaches it as typed and is reported there.
import type { AnswerName, AnswerSpec, Answers } from './answers.js';
import { answerSpecs } from './answers.js';
import { LOG_LEVELS } from './legacy-keys.js';
import type { ConfigIssue } from '../shared/config-validation.js';

export type RawOptions = Record<string, unknown>;

export interface ParsedAnswers {
  answers: Partial<Answers>;
  issues: ConfigIssue[];
}

/** Reads every answer given as a flag; camelCase and dashed option names are both accepted. */
export function answersFromFlags(options: RawOptions): ParsedAnswers {
  const answers: Partial<Answers> = {};
  const issues: ConfigIssue[] = [];
  for (const spec of answerSpecs) {
    const raw = options[spec.flag] ?? options[camelCase(spec.flag)];
    if (raw === undefined) continue;
    const value = coerce(spec, raw, `--${spec.flag}`, issues);
    if (value !== undefined) setAnswer(answers, spec.name, value);
  }
  return { answers, issues };
}

/** Reads an --answers file's object: keys are answer names (`redisUrl`) or flags (`redis-url`). */
export function answersFromObject(source: Record<string, unknown>, file: string): ParsedAnswers {
  const answers: Partial<Answers> = {};
  const issues: ConfigIssue[] = [];
  const known = new Map<string, AnswerSpec>();
  for (const spec of answerSpecs) {
    known.set(spec.name, spec);
    known.set(spec.flag, spec);
  }
  for (const [key, raw] of Object.entries(source)) {
    const spec = known.get(key);
    if (!spec) {
      issues.push({
        path: `${file}: ${key}`,
        message: `is not a known answer; known answers: ${answerSpecs.map((s) => s.name).join(', ')}`,
      });
      continue;
    }
    const value = coerce(spec, raw, `${file}: ${key}`, issues);
    if (value !== undefined) setAnswer(answers, spec.name, value);
  }
  return { answers, issues };
}

function setAnswer(answers: Partial<Answers>, name: AnswerName, value: unknown): void {
  (answers as Record<AnswerName, unknown>)[name] = value;
}

function coerce(spec: AnswerSpec, raw: unknown, where: string, issues: ConfigIssue[]): unknown {
  switch (spec.kind) {
    case 'boolean':
      return typeof raw === 'string' ? raw !== 'false' && raw !== '0' : Boolean(raw);
    case 'list':
      return toList(raw);
    case 'keyValues':
      return typeof raw === 'object' && raw !== null && !Array.isArray(raw)
        ? raw
        : parseKeyValues(toList(raw, /\s+/), where, issues);
    case 'string':
      return coerceString(spec.name, raw);
  }
}

function coerceString(name: AnswerName, raw: unknown): unknown {
  if (Array.isArray(raw)) raw = raw.at(-1);
  if (name === 'port' && typeof raw === 'string' && /^\d+$/.test(raw)) return Number(raw);
  if (name === 'logLevel') {
    const legacy = LOG_LEVELS[Number(raw)];
    if (/^[0-3]$/.test(String(raw)) && legacy) return legacy;
  }
  return raw;
}

/** `a,b` and repeated flags alike become `["a", "b"]`. */
export function toList(raw: unknown, separator: RegExp = /,/): string[] {
  const values = Array.isArray(raw) ? raw : [raw];
  return values
    .flatMap((value) => String(value).split(separator))
    .map((value) => value.trim())
    .filter((value) => value !== '');
}

/**
 * `pingInterval=10000` → `{pingInterval: 10000}`; `cors.origin=https://a.example` nests. Values
 * that parse as JSON (numbers, booleans, lists) are taken as such, anything else as a string.
 */
export function parseKeyValues(
  pairs: string[],
  where: string,
  issues: ConfigIssue[],
): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) {
      issues.push({ path: where, message: `must be KEY=VALUE (got ${JSON.stringify(pair)})` });
      continue;
    }
    const keys = pair.slice(0, at).split('.');
    const last = keys.pop() as string;
    let target = result;
    for (const key of keys) {
      const child = Object.hasOwn(target, key) ? target[key] : undefined;
      const next: Record<string, unknown> =
        typeof child === 'object' && child !== null ? (child as Record<string, unknown>) : {};
      defineKey(target, key, next);
      target = next;
    }
    defineKey(target, last, parseValue(pair.slice(at + 1)));
  }
  return result;
}

/** Own data property even for `__proto__`, so a flag can never reach Object.prototype. */
function defineKey(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

function parseValue(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function camelCase(flag: string): string {
  return flag.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
}
