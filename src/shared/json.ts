// Reading and writing plain JSON data by dotted paths (`servers.web.port`). Every write makes an
// own data property, so a key such as `__proto__` from a flag or a file never reaches a prototype.
// The generator and every generated project share this file (a project has it in src/config/).

export type Json = Record<string, unknown>;

export function isRecord(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The value at a dotted path, or undefined when any step is missing. */
export function getPath(root: unknown, path: string): unknown {
  let node: unknown = root;
  for (const key of path.split('.')) {
    node = isRecord(node) && Object.hasOwn(node, key) ? node[key] : undefined;
  }
  return node;
}

/** Sets the value at a dotted path, creating objects on the way; undefined removes the key. */
export function setPath(root: Json, path: string, value: unknown): void {
  const keys = path.split('.');
  const last = keys.pop() as string;
  let node = root;
  for (const key of keys) {
    const child = Object.hasOwn(node, key) ? node[key] : undefined;
    const next = isRecord(child) ? child : {};
    defineKey(node, key, next);
    node = next;
  }
  if (value === undefined) Reflect.deleteProperty(node, last);
  else defineKey(node, last, value);
}

/** An own, enumerable data property, even for `__proto__`. */
export function defineKey(target: Json, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

/** A value as an error message quotes it: JSON, cut at 80 characters. */
export function show(value: unknown): string {
  const text = value === undefined ? 'nothing' : JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
