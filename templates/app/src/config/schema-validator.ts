// The compiled config schema. `npm run build` compiles config/config.schema.json ahead of time
// (scripts/precompile-config-schema.ts), so `npm start` validates the config without loading
// ajv's compiler, about 60 ms of start-up. Without that file (`npm run dev`), or when the schema
// changed since the build, the schema is compiled here, as before.

import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type { ValidateFunction } from 'ajv';
import { CONFIG_AJV_OPTIONS } from './config-validation.js';

/** Written beside the compiled load.js: dist/config/config-schema-validator.cjs. */
export const PRECOMPILED_FILE = 'config-schema-validator.cjs';

/** What the precompiled file exports: the validator, marked with schemaHash() of its schema. */
type PrecompiledValidator = ValidateFunction & { schemaHash?: string };

export function schemaHash(schemaText: string): string {
  return createHash('sha256').update(schemaText).digest('hex');
}

// ajv and the precompiled validator are CommonJS: require() loads them synchronously, and only
// when needed.
const require = createRequire(import.meta.url);

function precompiled(schemaText: string): ValidateFunction | undefined {
  let loaded: PrecompiledValidator;
  try {
    loaded = require(`./${PRECOMPILED_FILE}`) as PrecompiledValidator;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') return undefined;
    throw err;
  }
  return loaded.schemaHash === schemaHash(schemaText) ? loaded : undefined;
}

/** The schema's validator: the one the build compiled when it matches the schema, else a new one. */
export function schemaValidator(schemaText: string): ValidateFunction {
  const ready = precompiled(schemaText);
  if (ready !== undefined) return ready;
  const { Ajv } = require('ajv') as typeof import('ajv');
  return new Ajv(CONFIG_AJV_OPTIONS).compile(JSON.parse(schemaText) as object);
}
