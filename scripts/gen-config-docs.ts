// Writes docs/CONFIG.md: every config key from schema/config.schema.json, and every environment
// variable the generated server reads from templates/app/src/config/env.ts, the table its config
// loader uses. Run `node --import tsx/esm scripts/gen-config-docs.ts` after changing either;
// test/unit/config-docs.test.ts fails while the committed file differs from a fresh render.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { format, resolveConfig } from 'prettier';
import {
  CONFIG_AJV_OPTIONS,
  createConfigValidator,
  describeAccepted,
  formatIssue,
  type ConfigValidator,
} from '../src/shared/config-validation.js';
import { environment, type EnvVariable } from '../templates/app/src/config/env.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const schemaPath = `${root}schema/config.schema.json`;
export const configDocsPath = `${root}docs/CONFIG.md`;

type Node = Record<string, unknown>;

const readSchema = (): Node => JSON.parse(readFileSync(schemaPath, 'utf8')) as Node;

/** The node with its `$ref` (to `#/definitions/NAME`) merged in; its own keys win. */
function deref(node: Node, schema: Node): Node {
  if (typeof node.$ref !== 'string') return node;
  const name = node.$ref.replace('#/definitions/', '');
  const target = ((schema.definitions ?? {}) as Record<string, Node>)[name];
  if (target === undefined) throw new Error(`${node.$ref}: no such definition`);
  const own = Object.fromEntries(Object.entries(node).filter(([key]) => key !== '$ref'));
  return { ...deref(target, schema), ...own };
}

/** A copy of the node with every `$ref` below it resolved, for describeAccepted. */
function resolved(node: Node, schema: Node): Node {
  const out: Node = {};
  for (const [key, value] of Object.entries(deref(node, schema))) {
    if (Array.isArray(value)) {
      out[key] = value.map((item: unknown) => (isNode(item) ? resolved(item, schema) : item));
    } else out[key] = isNode(value) && key !== 'properties' ? resolved(value, schema) : value;
  }
  if (isNode(out.properties)) {
    out.properties = Object.fromEntries(
      Object.entries(out.properties).map(([key, value]) => [key, resolved(value as Node, schema)]),
    );
  }
  return out;
}

function isNode(value: unknown): value is Node {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Plain text in a table cell: nothing in it may read as markup. */
const text = (value: string): string => value.replace(/[\\`*_|<[\]]/g, (c) => `\\${c}`);
/** Prose from the schema or env.ts: its `code` stays code; only a pipe would break the table. */
const prose = (value: string): string => value.replace(/\|/g, '\\|');
const code = (value: string): string => `\`${value.replace(/\|/g, '\\|')}\``;

/** The object a node describes, when it has one: its own properties or those of an anyOf branch. */
function objectOf(node: Node): Node | undefined {
  if (isNode(node.properties)) return node;
  const branches = Array.isArray(node.anyOf) ? (node.anyOf as Node[]) : [];
  return branches.find((branch) => isNode(branch.properties));
}

interface Table {
  path: string;
  description: string | undefined;
  rows: string[][];
}

/** One table per object, depth first: a row per key, then the tables of keys that are objects. */
function tables(node: Node, path: string, schema: Node, out: Table[] = []): Table[] {
  const object = objectOf(node);
  if (object === undefined) return out;
  const table: Table = {
    path,
    description: typeof node.description === 'string' ? node.description : undefined,
    rows: [],
  };
  out.push(table);
  const nested: [string, Node][] = [];
  for (const [key, raw] of Object.entries(object.properties as Record<string, Node>)) {
    if (key === '$schema') continue;
    const child = resolved(raw, schema);
    const childPath = path === '' ? key : `${path}.${key}`;
    const isObject = objectOf(child) !== undefined;
    const describes = typeof child.description === 'string' ? prose(child.description) : '';
    const below = isObject ? ` Its keys: [\`${childPath}\`](#${anchor(childPath)}).` : '';
    const fallback = isObject || child.default === undefined ? '—' : code(stringify(child.default));
    table.rows.push([
      code(childPath),
      text(describeAccepted(child)),
      fallback,
      `${describes}${below}`.trim(),
    ]);
    if (isObject) nested.push([childPath, child]);
  }
  for (const [childPath, child] of nested) tables(child, childPath, schema, out);
  return out;
}

const stringify = (value: unknown): string => JSON.stringify(value);

/** GitHub's heading anchor for a heading that is just `PATH` in code. */
const anchor = (path: string): string => path.toLowerCase().replace(/[^a-z0-9 -]/g, '');

function markdownTable(head: string[], rows: string[][]): string {
  return [head, head.map(() => '---'), ...rows]
    .map((cells) => `| ${cells.join(' | ')} |`)
    .join('\n');
}

function keySections(schema: Node): string {
  const all = tables(schema, '', schema).filter((table) => table.path !== '');
  return all
    .map((table) => {
      const level = '#'.repeat(2 + table.path.split('.').length);
      const parts = [`${level} \`${table.path}\``];
      if (table.description !== undefined) parts.push(prose(table.description));
      parts.push(markdownTable(['key', 'accepts', 'default', 'meaning'], table.rows));
      return parts.join('\n\n');
    })
    .join('\n\n');
}

/** The config field at a dotted path, for a variable that replaces one. */
function fieldAt(schema: Node, path: readonly string[]): Node {
  let node = schema;
  for (const key of path) {
    const properties = (objectOf(node)?.properties ?? {}) as Record<string, Node>;
    const next = properties[key];
    if (next === undefined) throw new Error(`env.ts: ${path.join('.')} is not a config key`);
    node = resolved(next, schema);
  }
  return node;
}

function environmentSection(schema: Node): string {
  const rows = Object.entries(environment as Readonly<Record<string, EnvVariable>>).map(
    ([name, variable]) => {
      if (variable.path !== undefined) {
        const path = variable.path.join('.');
        return [
          code(name),
          `[\`${path}\`](#${anchor(variable.path.slice(0, -1).join('.'))})`,
          text(describeAccepted(fieldAt(schema, variable.path))),
          `the value of \`${path}\``,
          prose(variable.description),
        ];
      }
      return [
        code(name),
        'not a config field',
        text(variable.accepted ?? 'any text'),
        whenUnset(schema, variable.default),
        prose(variable.description),
      ];
    },
  );
  return markdownTable(['variable', 'replaces', 'accepts', 'when unset', 'meaning'], rows);
}

/** A variable's default: a number, a config key whose value it takes, or words. */
function whenUnset(schema: Node, fallback: number | string | undefined): string {
  if (typeof fallback === 'number') return code(String(fallback));
  if (fallback === undefined) return 'none';
  try {
    fieldAt(schema, fallback.split('.'));
    return `the value of \`${fallback}\``;
  } catch {
    return text(fallback);
  }
}

const validatorOf = (schema: Node): ConfigValidator =>
  createConfigValidator(new Ajv(CONFIG_AJV_OPTIONS).compile(schema));

/** The config every key at its default, as the server sees a config/config.json of `{}`. */
function defaults(schema: Node): string {
  const result = validatorOf(schema)({});
  if (!result.ok) throw new Error('the schema does not accept {}');
  return JSON.stringify(result.config, null, 2);
}

/** What the validator says about a config with a bad port and a misspelt key. */
function exampleErrors(schema: Node): string {
  const bad = { servers: { web: { port: 70000 } }, webSockets: { optons: {} } };
  return validatorOf(schema)(bad).errors.map(formatIssue).join('\n');
}

export async function renderConfigDocs(): Promise<string> {
  const schema = readSchema();
  const markdown = `# Configuration

<!-- Generated by scripts/gen-config-docs.ts from schema/config.schema.json and
templates/app/src/config/env.ts. Do not edit: change those, then run
\`node --import tsx/esm scripts/gen-config-docs.ts\`. -->

A generated project keeps its whole configuration in \`config/config.json\`, beside
\`config/config.schema.json\`, the schema this page is generated from. The generator writes both
from your answers; \`yo actionhero-ws:config\` (or \`actionhero-ws config\`) rewrites the config
later, keeping what you edited by hand unless a flag you pass sets it. Editors that read
\`"$schema"\` complete and check the keys as you type.

The server validates the file, with the environment variables below applied, every time it
starts. Missing keys take their defaults; an unknown key, or a value the schema does not accept,
stops the start-up with one line per problem, all at once, naming the field, quoting the value and
saying what is allowed:

\`\`\`text
Invalid configuration (config/config.json):
${exampleErrors(schema)}
\`\`\`

The "accepts" columns below are the words those messages use. A key left over from an old
actionHero config, of the socket.io 0.9 kind (\`heartbeat interval\`, \`origins\`, …), is refused
with the command that converts it: \`yo actionhero-ws:config --from config/config.json\`.

## Every default

What the server runs with when \`config/config.json\` is \`{}\` (the generator always writes
\`general.serverName\`, your project's name):

\`\`\`json
${defaults(schema)}
\`\`\`

## Keys

A dash in the default column: the key is absent unless you set it, and socket.io's own default
applies where the meaning names one.

${keySections(schema)}

## Rules across keys

Checked with the schema, at start-up and by the generator:

- \`servers.web.secure\` needs both \`keyFile\` and \`certFile\` (or \`TLS_KEY_FILE\` and
  \`TLS_CERT_FILE\`); \`npm run cert\` makes a self-signed development pair in \`certs/\`.
- \`cors.credentials: true\` is refused while \`cors.origin\` is \`"*"\` or \`true\`: browsers do
  not send credentials to a wildcard origin. List the origins instead.
- A flag is switched on by listing it in \`webSockets.settings\`, or set either way by a boolean
  of the same name in \`webSockets.options\`, which wins over the list. Listing a flag in
  \`settings\` while \`options\` sets it to \`false\` is refused: keep one of the two.
- \`connectionStateRecovery\` is refused with \`redis.enable\`: socket.io's classic Redis adapter,
  used here, cannot recover sessions.

Warnings (printed at start-up; the server still starts):

- \`redis.enable\` with the \`polling\` transport: several processes need sticky sessions at the
  load balancer. \`npm run start:cluster\` and \`deploy/nginx.conf\` provide them.
- \`maxHttpBufferSize\` above 10000000 bytes: one client may make the server hold that much memory
  for each message.

## Environment variables

Read from the environment, or from \`.env\` in the project folder (git-ignored;
\`.env.example\` lists them); a variable set in the environment wins over \`.env\`, and one set
to the empty string counts as unset. A variable that replaces a config key wins over
\`config/config.json\` and is checked by the same rule; a bad value is reported under the
variable's name (\`PORT: must be an integer from 0 to 65535 (got "99999")\`). Secrets — a Redis
password, the TLS key's passphrase — are read from the environment only and never belong in
\`config/config.json\`.

${environmentSection(schema)}
`;
  const options = await resolveConfig(configDocsPath);
  return format(markdown, { ...options, filepath: configDocsPath });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(configDocsPath, await renderConfigDocs());
  console.log(`wrote ${configDocsPath}`);
}
