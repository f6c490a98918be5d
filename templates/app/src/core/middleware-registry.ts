// Discovers the middleware in src/middleware (dist/middleware once built), orders them, and gives
// each action the action middleware it runs. Mistakes stop the server at start-up.

import { readdir } from 'node:fs/promises';
import { extname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Hook } from './hooks.js';
import {
  DEFAULT_PRIORITY,
  type ActionData,
  type AppContext,
  type ActionMiddleware,
  type JoinData,
  type LeaveData,
  type Middleware,
  type MiddlewareConnection,
  type SayData,
} from './middleware.js';
import { isModuleFile, type LoadedAction } from './registry.js';
import { StartupError } from './startup-error.js';

/** Every middleware, in the order they run, and their hooks by kind. */
export interface MiddlewareSet {
  /** Ordered by priority (lower first), then by name. */
  readonly list: readonly Middleware[];
  /** What every hook is given besides its data. */
  readonly app: AppContext;
  /** Action middleware by name, for the actions that list them. */
  readonly action: ReadonlyMap<string, ActionMiddleware>;
  readonly create: readonly Hook<MiddlewareConnection>[];
  readonly destroy: readonly Hook<MiddlewareConnection>[];
  readonly join: readonly Hook<JoinData>[];
  readonly leave: readonly Hook<LeaveData>[];
  readonly onSayReceive: readonly Hook<SayData>[];
  readonly say: readonly Hook<SayData>[];
}

const HOOKS = {
  action: ['preProcessor', 'postProcessor'],
  connection: ['create', 'destroy'],
  chat: ['join', 'leave', 'onSayReceive', 'say'],
} as const;

/** Why `value` (exported by `file`) is not a middleware, or undefined when it is one. */
function problemWith(value: Record<string, unknown>): string | undefined {
  const { kind, name, priority, global } = value;
  if (typeof name !== 'string' || name === '') return 'has no name (a non-empty string)';
  if (kind !== 'action' && kind !== 'connection' && kind !== 'chat') {
    return `has no kind ('action', 'connection' or 'chat'): declare it with defineActionMiddleware, defineConnectionMiddleware or defineChatMiddleware`;
  }
  if (priority !== undefined && (typeof priority !== 'number' || !Number.isFinite(priority))) {
    return 'has a priority that is not a number';
  }
  if (global !== undefined && typeof global !== 'boolean')
    return 'has a global that is not true or false';
  const hooks: readonly string[] = HOOKS[kind];
  for (const key of hooks) {
    if (value[key] !== undefined && typeof value[key] !== 'function') {
      return `has a ${key} that is not a function`;
    }
  }
  if (!hooks.some((key) => typeof value[key] === 'function')) {
    return `defines none of ${hooks.join(', ')}, the hooks of ${kind} middleware`;
  }
  return undefined;
}

/** Lower priority first, then by name (code-point order, the same on every machine). */
function byPriorityThenName(a: Middleware, b: Middleware): number {
  const pa = a.priority ?? DEFAULT_PRIORITY;
  const pb = b.priority ?? DEFAULT_PRIORITY;
  if (pa !== pb) return pa - pb;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** The hooks `key` of the middleware that define it, in the order of `list`, given `app`. */
function hooksOf<D>(list: readonly Middleware[], key: string, app: AppContext): Hook<D>[] {
  return list.flatMap((middleware) => {
    const fn = (middleware as unknown as Record<string, unknown>)[key];
    if (typeof fn !== 'function') return [];
    const run = (data: D): unknown =>
      (fn as (data: D, app: AppContext) => unknown).call(middleware, data, app);
    return [{ name: middleware.name, run }];
  });
}

/**
 * Orders `middleware` and sorts their hooks by kind, each to be called with `app`; two with one
 * name, and an object that is no middleware, are refused.
 */
export function middlewareSet(middleware: readonly Middleware[], app: AppContext): MiddlewareSet {
  const seen = new Set<string>();
  for (const m of middleware) {
    const problem = problemWith(m as unknown as Record<string, unknown>);
    if (problem !== undefined)
      throw new StartupError(`The middleware "${String(m.name)}" ${problem}.`);
    if (seen.has(m.name)) throw new StartupError(`Two middleware are named "${m.name}".`);
    seen.add(m.name);
  }
  const list = [...middleware].sort(byPriorityThenName);
  const hooks = <D>(kind: Middleware['kind'], key: string): Hook<D>[] =>
    hooksOf(
      list.filter((m) => m.kind === kind),
      key,
      app,
    );
  return {
    list,
    app,
    action: new Map(
      list.filter((m): m is ActionMiddleware => m.kind === 'action').map((m) => [m.name, m]),
    ),
    create: hooks('connection', 'create'),
    destroy: hooks('connection', 'destroy'),
    join: hooks('chat', 'join'),
    leave: hooks('chat', 'leave'),
    onSayReceive: hooks('chat', 'onSayReceive'),
    say: hooks('chat', 'say'),
  };
}

/**
 * The middleware in the files of `dir` (same rules as actions: this build's extension, no tests,
 * no `_private` files; a module without a default export is a helper), in file-name order. A
 * folder that does not exist holds none (tsc makes dist/middleware/ only once there is one).
 */
export async function loadMiddleware(dir: URL): Promise<Middleware[]> {
  const ext = extname(fileURLToPath(import.meta.url)); // .ts under tsx, .js when compiled
  let files: string[];
  try {
    files = (await readdir(dir)).filter((f) => isModuleFile(f, ext)).sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    files = [];
  }
  const found: Middleware[] = [];
  const fileOf = new Map<string, string>();
  for (const file of files) {
    const mod = (await import(pathToFileURL(fileURLToPath(new URL(file, dir))).href)) as {
      default?: unknown;
    };
    const value = mod.default;
    if (typeof value !== 'object' || value === null) continue; // a helper module
    const problem = problemWith(value as Record<string, unknown>);
    if (problem !== undefined) {
      throw new StartupError(`The middleware in src/middleware/${file} ${problem}.`);
    }
    const middleware = value as Middleware;
    const first = fileOf.get(middleware.name);
    if (first !== undefined) {
      throw new StartupError(
        `Two middleware are named "${middleware.name}" (in ${first} and ${file}); rename one.`,
      );
    }
    fileOf.set(middleware.name, file);
    found.push(middleware);
  }
  return found;
}

/**
 * Gives each action its preProcessors and postProcessors: the global action middleware and those
 * it lists, once each, in the set's order. An action listing a name that no action middleware
 * has is refused, naming both.
 */
export function bindActionMiddleware(
  actions: ReadonlyMap<string, LoadedAction>,
  set: MiddlewareSet,
): void {
  // The ones worth listing: a global middleware runs for every action anyway.
  const known = [...set.action.values()].filter((m) => m.global !== true).map((m) => m.name);
  for (const loaded of actions.values()) {
    const { name, middleware: listed = [] } = loaded.definition;
    for (const wanted of listed) {
      if (set.action.has(wanted)) continue;
      const other = set.list.find((m) => m.name === wanted);
      const lead = `The action "${name}" lists the middleware "${wanted}", but`;
      if (other !== undefined) {
        throw new StartupError(
          `${lead} "${wanted}" is a ${other.kind} middleware: an action lists action middleware only.`,
        );
      }
      const there = known.length > 0 ? `there are: ${known.join(', ')}` : 'there are none';
      throw new StartupError(
        `${lead} no action middleware is named "${wanted}" (${there}). Add src/middleware/${wanted}.ts, or take the name out of the action's middleware list.`,
      );
    }
    const chosen = set.list.filter(
      (m): m is ActionMiddleware =>
        m.kind === 'action' && (m.global === true || listed.includes(m.name)),
    );
    loaded.preProcessors = hooksOf<ActionData>(chosen, 'preProcessor', set.app);
    loaded.postProcessors = hooksOf<ActionData>(chosen, 'postProcessor', set.app);
  }
}
