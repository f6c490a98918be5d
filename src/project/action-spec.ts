// `yo actionhero-ws:action NAME --inputs key:required,other`: checks the name (GEN-01) and the
// inputs, and computes every value the action templates show. `:middleware` checks its names
// with the same rules (checkFileName). Pure: the caller lists the existing files. Nothing here
// writes a file.
import type { ConfigIssue } from '../shared/config-validation.js';

const NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
const INPUT = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const TYPES = ['string', 'number', 'integer', 'boolean'] as const;
type InputType = (typeof TYPES)[number];

/** Names a plain-object lookup would find anyway, and names some file systems reserve. */
const RESERVED = new Set([
  ...Object.getOwnPropertyNames(Object.prototype),
  'prototype',
  '__proto__',
]);
const DEVICE_NAMES = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/i;

export interface ExistingActions {
  /** File names in src/actions/. */
  files: readonly string[];
  /** `name` values declared by the files in src/actions/. */
  names: readonly string[];
}

export interface InputSpec {
  name: string;
  required: boolean;
  type: InputType;
}

/** What a name is checked for: what the command adds, the folder of its file, the command. */
export interface NamedFile {
  /** `action`, `middleware`; `article` goes before it. */
  noun: string;
  article: 'a' | 'an';
  /** Where its file goes: `src/actions`. */
  folder: string;
  command: string;
}

export const ACTION_FILE: NamedFile = {
  noun: 'action',
  article: 'an',
  folder: 'src/actions',
  command: 'yo actionhero-ws:action NAME',
};

/** Every reason NAME cannot be an action here; empty when it can. */
export function checkActionName(name: unknown, existing: ExistingActions): ConfigIssue[] {
  return checkFileName(name, existing, ACTION_FILE);
}

/**
 * Every reason NAME cannot name a new file of `kind` (an action, a middleware) here: not a path,
 * not reserved, a plain identifier, and taken by no file or declared name. Empty when it can.
 */
export function checkFileName(
  name: unknown,
  existing: ExistingActions,
  kind: NamedFile,
): ConfigIssue[] {
  const issue = (message: string): ConfigIssue[] => [{ path: 'NAME', message }];
  if (typeof name !== 'string' || name === '') {
    return issue(`is required: ${kind.command} (got nothing)`);
  }
  const shown = JSON.stringify(name);
  if (/[/\\]|\.\./.test(name) || name.includes('\0')) {
    return issue(
      `must be a plain ${kind.noun} name, not a path (got ${shown}); the file is always ${kind.folder}/NAME.ts`,
    );
  }
  if (RESERVED.has(name) || DEVICE_NAMES.test(name)) {
    return issue(`is a reserved name (got ${shown}); choose another name`);
  }
  if (!NAME.test(name)) {
    return issue(
      `must start with a letter and hold only letters, digits, _ and - (at most 64 characters) (got ${shown})`,
    );
  }
  const lower = name.toLowerCase();
  const clash = existing.files.find((file) => file.toLowerCase().replace(/\.ts$/, '') === lower);
  if (clash || existing.names.includes(name)) {
    return issue(
      `${kind.article} ${kind.noun} named ${shown} already exists (${kind.folder}/${clash ?? 'another file'}); choose another name, or edit that file`,
    );
  }
  return [];
}

/** `key:required,other:number` → input specs; every problem is reported. */
export function parseInputs(raw: string | string[] | undefined): {
  inputs: InputSpec[];
  issues: ConfigIssue[];
} {
  const inputs: InputSpec[] = [];
  const issues: ConfigIssue[] = [];
  const text = Array.isArray(raw) ? raw.join(',') : (raw ?? '');
  for (const entry of text.split(',').map((part) => part.trim())) {
    if (entry === '') continue;
    const [name = '', ...modifiers] = entry.split(':');
    const bad = (message: string): void => {
      issues.push({ path: '--inputs', message: `${message} (got ${JSON.stringify(entry)})` });
    };
    if (!INPUT.test(name) || RESERVED.has(name)) {
      bad('each input needs a name of letters, digits and _ that is not a reserved name');
      continue;
    }
    if (inputs.some((input) => input.name === name)) {
      bad(`lists ${name} twice`);
      continue;
    }
    const unknown = modifiers.filter((m) => m !== 'required' && !TYPES.includes(m as InputType));
    if (unknown.length > 0) {
      bad(`an input is NAME[:required][:${TYPES.join('|')}]`);
      continue;
    }
    const type = (modifiers.find((m) => TYPES.includes(m as InputType)) ?? 'string') as InputType;
    inputs.push({ name, required: modifiers.includes('required'), type });
  }
  return { inputs, issues };
}

/** Every value the templates show, already serialised as TypeScript. */
export function actionTemplateContext(
  name: string,
  description: string,
  inputs: readonly InputSpec[],
): Record<string, string | boolean> {
  const tsType = (type: InputType): string => (type === 'integer' ? 'number' : type);
  const schema = (type: InputType): string =>
    type === 'string' ? `{ type: 'string', maxLength: 1000 }` : `{ type: '${type}' }`;
  const sample = (input: InputSpec): string =>
    input.type === 'string'
      ? literal(`some ${input.name}`)
      : input.type === 'boolean'
        ? 'true'
        : '1';
  const paramsType =
    inputs.length === 0
      ? 'Record<string, never>'
      : `{ ${inputs.map((i) => `${i.name}${i.required ? '' : '?'}: ${tsType(i.type)}`).join('; ')} }`;
  const inputLines = inputs.map(
    (i) => `    ${i.name}: { ${i.required ? 'required: true, ' : ''}schema: ${schema(i.type)} },`,
  );
  return {
    name,
    nameLiteral: literal(name),
    descriptionLiteral: literal(description),
    descriptionComment: description.replace(/[\r\n\u2028\u2029]+/g, ' '),
    paramsType,
    inputs:
      inputLines.length === 0 ? '  inputs: {},' : ['  inputs: {', ...inputLines, '  },'].join('\n'),
    required: `[${inputs
      .filter((i) => i.required)
      .map((i) => literal(i.name))
      .join(', ')}]`,
    sample: `{ ${inputs.map((i) => `${i.name}: ${sample(i)}`).join(', ')} }`.replace('{  }', '{}'),
    hasRequired: inputs.some((i) => i.required),
    firstRequired: inputs.find((i) => i.required)?.name ?? '',
  };
}

/** A TypeScript string literal holding exactly `text`, quoted as prettier would quote it. */
export function literal(text: string): string {
  // The quote prettier picks: single, unless the text holds more single quotes than double ones.
  const count = (quote: string): number => text.split(quote).length - 1;
  const quote = count("'") > count('"') ? '"' : "'";
  let body = JSON.stringify(text).slice(1, -1);
  if (quote === "'") body = body.replace(/\\"/g, '"').replace(/'/g, "\\'");
  body = body.replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
  return `${quote}${body}${quote}`;
}
