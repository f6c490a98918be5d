// How the text of a flag (or a value from a file or a prompt) becomes an answer's value, by the
// kind of answer. Parsing does not judge: a bad value reaches the schema as typed and is reported
// there, with the field and the flag to fix it.
import type { Kind } from './answers.js';
import type { ConfigIssue } from '../shared/config-validation.js';
import { isRecord, setPath } from '../shared/json.js';

export function parseKind(kind: Kind, raw: unknown, where: string, issues: ConfigIssue[]): unknown {
  switch (kind) {
    case 'boolean':
      return typeof raw === 'string' ? raw !== 'false' && raw !== '0' : Boolean(raw);
    case 'list':
      return toList(raw);
    case 'keyValues':
      return isRecord(raw) ? raw : parseKeyValues(toList(raw, /\s+/), where, issues);
    case 'integer': {
      const value = lastOf(raw);
      return typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
    }
    case 'string':
    case 'file': {
      const value = lastOf(raw);
      return typeof value === 'number' ? String(value) : value;
    }
  }
}

/** Whether a parsed value has its kind's type (text that is no number stays text for the schema). */
export function isKindValue(kind: Kind, value: unknown): boolean {
  switch (kind) {
    case 'boolean':
      return typeof value === 'boolean';
    case 'list':
      return Array.isArray(value);
    case 'keyValues':
      return isRecord(value);
    case 'integer':
      return typeof value === 'number';
    case 'string':
      return typeof value === 'string';
    case 'file':
      return typeof value === 'string' || value === null;
  }
}

/** A repeated single-value flag counts once: the last one given wins. */
function lastOf(raw: unknown): unknown {
  return Array.isArray(raw) ? raw.at(-1) : raw;
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
    setPath(result, pair.slice(0, at), parseValue(pair.slice(at + 1)));
  }
  return result;
}

function parseValue(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
