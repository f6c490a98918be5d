// Writes src/shared/config-types.ts from schema/config.schema.json.
// Every property that has a default is made required: the type describes the config *after*
// validation has filled the defaults in, which is the only config code ever sees.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compile } from 'json-schema-to-typescript';

const root = fileURLToPath(new URL('..', import.meta.url));
const schemaPath = `${root}schema/config.schema.json`;
const outPath = `${root}src/shared/config-types.ts`;

type Node = { [key: string]: unknown };

function requireDefaulted(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(requireDefaulted);
  if (node === null || typeof node !== 'object') return;
  const schema = node as Node;
  const properties = schema.properties as Node | undefined;
  if (properties) {
    const defaulted = Object.keys(properties).filter(
      (key) => (properties[key] as Node).default !== undefined,
    );
    const required = new Set([...((schema.required as string[]) ?? []), ...defaulted]);
    if (required.size > 0) schema.required = [...required];
  }
  Object.values(schema).forEach(requireDefaulted);
}

/**
 * A `$ref` with its own description or default would make the compiler emit a copy of the
 * referenced type per use (Rate1, Rate2, ...): the type only needs the reference.
 */
function bareRefs(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(bareRefs);
  if (node === null || typeof node !== 'object') return;
  const schema = node as Node;
  if (typeof schema.$ref === 'string') {
    delete schema.description;
    delete schema.default;
  }
  Object.values(schema).forEach(bareRefs);
}

export async function renderConfigTypes(): Promise<string> {
  const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as Node;
  requireDefaulted(schema);
  bareRefs(schema);
  const body = await compile(schema, 'Config', {
    bannerComment:
      '// The Config type, generated from config/config.schema.json. Do not edit by hand:\n' +
      '// the generator regenerates it (npm run gen:types in generator-actionhero-ws).',
    additionalProperties: false,
    ignoreMinAndMaxItems: true,
    style: { singleQuote: true, printWidth: 100, trailingComma: 'all' },
  });
  return `${body}\n/** The validated, defaulted, frozen config every module receives. */\nexport type Config = Readonly<ActionHeroWsConfig>;\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(outPath, await renderConfigTypes());
  console.log(`wrote ${outPath}`);
}
