// What the converters of the 0.9 import write to: today's config, the secrets for .env and the
// report, one line per key of the old config. Each converter reads one block and calls these.
import { getPath, isRecord, setPath, show, type Json } from '../../shared/json.js';
import { schemaAt } from '../../config-schema.js';

export interface MigrationLine {
  /** kept as it was; moved (renamed or converted); dropped; secret (moved to .env). */
  kind: 'kept' | 'moved' | 'dropped' | 'secret';
  /** Where the key was: `webSockets.options["heartbeat interval"]`. */
  from: string;
  /** What it became (`webSockets.options.pingInterval = 10000`); absent when dropped. */
  to?: string;
  /** Why it was dropped, or how it was converted. */
  note?: string;
  /** A conversion the user should look at (printed as a warning). */
  warning?: boolean;
}

export interface Migration {
  /** Today's config, partial (defaults are filled by validation). */
  config: Json;
  /** Secrets for the git-ignored .env: REDIS_URL with a password, TLS_PASSPHRASE. */
  env: Record<string, string>;
  lines: MigrationLine[];
}

/** A 0.9 heartbeat setting, in seconds, and the key it was read from. */
export interface Heartbeat {
  from: string;
  seconds: number;
}

export class MigrationContext implements Migration {
  readonly config: Json = {};
  readonly env: Record<string, string> = {};
  readonly lines: MigrationLine[] = [];
  /** Converted only at the end: the timeout depends on the interval, wherever each stood. */
  readonly heartbeats: { interval?: Heartbeat; timeout?: Heartbeat } = {};

  /** A key that is already today's, at the dotted path `to`. */
  keep(to: string, value: unknown): void {
    this.move(to, to, value);
  }

  /** Sets `to` (a dotted path of today's config) and reports where the value came from. */
  move(
    from: string,
    to: string,
    value: unknown,
    extra: { note?: string; warning?: boolean } = {},
  ): void {
    this.set(to, value);
    if (to === from && !extra.note) this.lines.push({ kind: 'kept', from });
    else this.lines.push({ kind: 'moved', from, to: `${to} = ${show(value)}`, ...extra });
  }

  drop(from: string, note: string): void {
    this.lines.push({ kind: 'dropped', from, note });
  }

  /** A value for .env only, never for config/. */
  secret(from: string, name: string, value: string): void {
    this.env[name] = value;
    this.lines.push({
      kind: 'secret',
      from,
      to: `${name} in .env`,
      note: 'a secret: never written to config/',
    });
  }

  /** True when `value` is an object; otherwise reports `where` dropped. */
  isBlock(where: string, value: unknown): value is Json {
    if (isRecord(value)) return true;
    this.drop(where, `must be an object (got ${show(value)})`);
    return false;
  }

  /** True when `value` is a list; otherwise reports `where` dropped, naming what it must list. */
  isList(where: string, value: unknown, what: string): value is unknown[] {
    if (Array.isArray(value)) return true;
    this.drop(where, `must be a list of ${what} (got ${show(value)})`);
    return false;
  }

  /** Sets a value of today's config without a report line (the caller writes its own). */
  set(to: string, value: unknown): void {
    setPath(this.config, to, value);
  }

  /** The object at `to`, made (empty) when there is none. */
  object(to: string): Json {
    const current = getPath(this.config, to);
    if (isRecord(current)) return current;
    const created: Json = {};
    this.set(to, created);
    return created;
  }

  /** The list at `to`, made (empty) when there is none. */
  list(to: string): string[] {
    const current = getPath(this.config, to);
    if (Array.isArray(current)) return current as string[];
    const created: string[] = [];
    this.set(to, created);
    return created;
  }
}

/** How the report names a key of a block: `general.serverName`, `webSockets["log level"]`. */
export function keyPath(base: string, key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${base}.${key}` : `${base}[${JSON.stringify(key)}]`;
}

/** The keys today's schema knows at a dotted path. */
export function propertyNames(at: string): string[] {
  return Object.keys(schemaAt(at).properties ?? {});
}
