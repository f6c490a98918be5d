// The last step of `npm run build`: compiles config/config.schema.json into
// dist/config/config-schema-validator.cjs with ajv's standalone code, so the server checks its
// config at start-up without ajv's compiler (see src/config/schema-validator.ts). The file notes
// the schema it came from; a server whose schema has changed since compiles it again itself.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import standalone from 'ajv/dist/standalone/index.js';
import { CONFIG_AJV_OPTIONS } from '../src/config/config-validation.js';
import { PRECOMPILED_FILE, schemaHash } from '../src/config/schema-validator.js';

const schemaText = readFileSync(
  fileURLToPath(new URL('../config/config.schema.json', import.meta.url)),
  'utf8',
);
const ajv = new Ajv({ ...CONFIG_AJV_OPTIONS, code: { ...CONFIG_AJV_OPTIONS.code, source: true } });
const code = standalone.default(ajv, ajv.compile(JSON.parse(schemaText) as object));

const outDir = fileURLToPath(new URL('../dist/config/', import.meta.url));
mkdirSync(outDir, { recursive: true });
writeFileSync(
  `${outDir}${PRECOMPILED_FILE}`,
  `// Written by npm run build from config/config.schema.json; do not edit.\n${code}\nmodule.exports.schemaHash = ${JSON.stringify(schemaHash(schemaText))};\n`,
);
