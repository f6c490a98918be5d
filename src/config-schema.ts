// The config schema, loaded once, with the lookups prompts need and the compiled validator.
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import {
  CONFIG_AJV_OPTIONS,
  createConfigValidator,
  type ConfigValidator,
} from './shared/config-validation.js';
import { defineKey, isRecord, type Json } from './shared/json.js';
import { paths } from './project/paths.js';

export type SchemaNode = { readonly [key: string]: unknown };

export const configSchema: SchemaNode = JSON.parse(
  readFileSync(paths.schema, 'utf8'),
) as SchemaNode;

let validator: ConfigValidator | undefined;

/** The validator is compiled on first use: ajv compilation is the costly part of start-up. */
export function validateConfig(input: unknown): ReturnType<ConfigValidator> {
  validator ??= createConfigValidator(new Ajv(CONFIG_AJV_OPTIONS).compile(configSchema));
  return validator(input);
}

/** The schema node at a dotted path of properties, following local $refs. */
export function schemaAt(path: string): SchemaNode {
  let node = configSchema;
  for (const key of path.split('.')) {
    node = resolveRef((node.properties as Record<string, SchemaNode> | undefined)?.[key]);
  }
  return node;
}

function resolveRef(node: SchemaNode | undefined): SchemaNode {
  if (!node) throw new Error('schemaAt: no such property in config.schema.json');
  const ref = node.$ref;
  if (typeof ref !== 'string') return node;
  const name = ref.replace('#/definitions/', '');
  const definitions = configSchema.definitions as Record<string, SchemaNode>;
  const target = definitions[name];
  if (!target) throw new Error(`schemaAt: unresolved $ref ${ref}`);
  return { ...target, ...node, $ref: undefined };
}

/** `default` of the node at a dotted path. */
export function schemaDefault<T>(path: string): T {
  return schemaAt(path).default as T;
}

/** `enum` of a node, or of its items for an array. */
export function schemaEnum(path: string): string[] {
  const node = schemaAt(path);
  const items = node.items as SchemaNode | undefined;
  const source = items ? resolveItems(items) : node;
  return [...(source.enum as string[])];
}

function resolveItems(items: SchemaNode): SchemaNode {
  return typeof items.$ref === 'string' ? resolveRef(items) : items;
}

/**
 * A copy of `value` with object keys in the order the schema lists its properties (unknown keys
 * after them, as they were), so a config built field by field reads like the schema.
 */
export function orderLikeSchema(value: unknown, node: SchemaNode = configSchema): unknown {
  if (!isRecord(value)) return value;
  const properties = (node.properties ?? {}) as Record<string, SchemaNode>;
  const keys = [
    ...Object.keys(properties).filter((key) => Object.hasOwn(value, key)),
    ...Object.keys(value).filter((key) => !Object.hasOwn(properties, key)),
  ];
  const result: Json = {};
  for (const key of keys) {
    const child = properties[key];
    defineKey(result, key, orderLikeSchema(value[key], child ? resolveRef(child) : {}));
  }
  return result;
}
