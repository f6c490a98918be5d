// Discovers the actions in src/actions (dist/actions once built) and compiles their input validators.

import { readdir } from 'node:fs/promises';
import { extname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import type { Ajv, ValidateFunction } from 'ajv';
import { isActionDefinition, type ActionDefinition } from './action.js';
import type { Hook } from './hooks.js';
import type { ActionData } from './middleware.js';
import { StartupError } from './startup-error.js';

export interface LoadedAction {
  definition: ActionDefinition;
  /** Declared input names, in declaration order. */
  inputNames: string[];
  requiredNames: string[];
  /** Strict validation (socket.io and JSON bodies); compiled on first use. */
  readonly validate: ValidateFunction;
  /** Validation that coerces strings (HTTP query strings); compiled on first use. */
  readonly validateCoercing: ValidateFunction;
  /** Its action middleware's hooks, in order (set at start-up; see middleware-registry.ts). */
  preProcessors: readonly Hook<ActionData>[];
  postProcessors: readonly Hook<ActionData>[];
}

/** Lookups by client-supplied names go through a Map: a plain object would find `constructor`. */
export type ActionRegistry = ReadonlyMap<string, LoadedAction>;

// ajv compiles a schema into code (~10 ms each, more for the first): actions with the same inputs
// (most have none) share one validator, and each is compiled on the action's first call, not
// before "listening", so the server starts sooner. Schema mistakes still throw, on that first call.
// ajv itself (~30 ms to load) is required then too, synchronously: it is CommonJS.
const require = createRequire(import.meta.url);
const ajvs = new Map<'strict' | 'coercing', Ajv>();
function ajvFor(tag: 'strict' | 'coercing'): Ajv {
  let ajv = ajvs.get(tag);
  if (ajv === undefined) {
    const { Ajv: AjvClass } = require('ajv') as typeof import('ajv');
    ajv = new AjvClass({ allErrors: false, strict: false, coerceTypes: tag === 'coercing' });
    ajvs.set(tag, ajv);
  }
  return ajv;
}

const compiled = new Map<string, ValidateFunction>();
function validatorFor(tag: 'strict' | 'coercing', schema: object): ValidateFunction {
  const key = `${tag}:${JSON.stringify(schema)}`;
  let validate = compiled.get(key);
  if (validate === undefined) {
    validate = ajvFor(tag).compile(schema);
    compiled.set(key, validate);
  }
  return validate;
}

export function compileAction(definition: ActionDefinition): LoadedAction {
  const inputs = definition.inputs as Readonly<
    Record<string, { required?: boolean; schema?: object }>
  >;
  const inputNames = Object.keys(inputs);
  const properties: Record<string, object> = {};
  const requiredNames: string[] = [];
  for (const name of inputNames) {
    const input = inputs[name];
    properties[name] = input?.schema ?? {};
    if (input?.required === true) requiredNames.push(name);
  }
  const schema = { type: 'object', properties };
  let strict: ValidateFunction | undefined;
  let coercing: ValidateFunction | undefined;
  return {
    definition,
    inputNames,
    requiredNames,
    preProcessors: [],
    postProcessors: [],
    get validate() {
      return (strict ??= validatorFor('strict', schema));
    },
    get validateCoercing() {
      return (coercing ??= validatorFor('coercing', schema));
    },
  };
}

/**
 * Files that hold actions (or middleware): this build's own extension, no declarations, tests or
 * `_private` files.
 */
export function isModuleFile(file: string, ext: string): boolean {
  return (
    extname(file) === ext &&
    !file.endsWith('.d.ts') &&
    !file.includes('.test.') &&
    !file.startsWith('_')
  );
}

export async function loadActions(dir: URL): Promise<Map<string, LoadedAction>> {
  const ext = extname(fileURLToPath(import.meta.url)); // .ts under tsx, .js when compiled
  const files = (await readdir(dir)).filter((f) => isModuleFile(f, ext)).sort();
  const registry = new Map<string, LoadedAction>();
  for (const file of files) {
    const mod = (await import(pathToFileURL(fileURLToPath(new URL(file, dir))).href)) as {
      default?: unknown;
    };
    if (!isActionDefinition(mod.default)) continue; // a helper module, not an action
    const definition = mod.default;
    if (registry.has(definition.name)) {
      throw new StartupError(
        `Two actions are named "${definition.name}" (the second is in ${file}).`,
      );
    }
    registry.set(definition.name, compileAction(definition));
  }
  return registry;
}
