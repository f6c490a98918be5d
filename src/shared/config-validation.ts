// Validates a config against config.schema.json: fills defaults, checks the rules one schema
// cannot express, and turns every problem into one line that names the field, quotes the bad
// value and says what is allowed. The generator and the generated server share this file.
// Only ajv's types: the caller compiles the schema (CONFIG_AJV_OPTIONS), so the generated server
// can use the validator its build precompiled and start without loading ajv's compiler.
import type { ErrorObject, Options, ValidateFunction } from 'ajv';
import type { ActionHeroWsConfig, Config } from './config-types.js';
import { getPath, isRecord, show } from './json.js';

export interface ConfigIssue {
  /** Dotted path of the field, e.g. `webSockets.options.pingInterval`. */
  path: string;
  /** What is wrong and what to do, without the path. */
  message: string;
}

export interface ValidationResult {
  ok: boolean;
  /** The defaulted, deep-frozen config; present only when `ok`. */
  config?: Config;
  errors: ConfigIssue[];
  warnings: ConfigIssue[];
}

export type ConfigValidator = (input: unknown) => ValidationResult;

type SchemaNode = Record<string, unknown>;

/**
 * The socket.io 0.9 keys of the original actionHero config. Exported so a test holds this list
 * to the migration table (src/legacy/legacy-keys.ts): this file must stay free of the generator.
 */
export const LEGACY_KEYS: ReadonlySet<string> = new Set([
  'browser client',
  'browser client minification',
  'browser client etag',
  'browser client gzip',
  'browser client cache',
  'browser client expires',
  'browser client handler',
  'resource',
  'heartbeat interval',
  'heartbeat timeout',
  'close timeout',
  'polling duration',
  'heartbeats',
  'flash policy server',
  'flash policy port',
  'blacklist',
  'match origin protocol',
  'client store expiration',
  'log',
  'log colors',
  'logger',
  'log level',
  'origins',
  'destroy upgrade',
  'destroy buffer size',
  'authorization',
  'store',
]);
export const LEGACY_TRANSPORTS: ReadonlySet<string> = new Set([
  'xhr-polling',
  'jsonp-polling',
  'htmlfile',
  'flashsocket',
]);
const MIGRATE_HINT =
  'is a socket.io 0.9 key; run `yo actionhero-ws:config --from config/config.json` to migrate it';

const FLAGS = [
  'serveClient',
  'allowUpgrades',
  'perMessageDeflate',
  'httpCompression',
  'connectionStateRecovery',
  'cleanupEmptyChildNamespaces',
  'allowEIO3',
  'destroyUpgrade',
] as const;

const BUFFER_WARNING_BYTES = 1e7;

/**
 * How the config schema is compiled, wherever it is (the generator, the server, the server's
 * build). Our own fixed schema needs no check against the draft-07 meta-schema, and ajv's code
 * optimiser costs more than it saves for a validator that runs once or twice.
 */
export const CONFIG_AJV_OPTIONS = {
  allErrors: true,
  useDefaults: true,
  verbose: true,
  strict: false,
  validateSchema: false,
  code: { optimize: false },
} as const satisfies Options;

/**
 * Wraps the compiled schema (`new Ajv(CONFIG_AJV_OPTIONS).compile(schema)`, or the same compiled
 * ahead of time): the returned function validates any number of inputs.
 */
export function createConfigValidator(validate: ValidateFunction): ConfigValidator {
  return (input: unknown): ValidationResult => {
    const candidate: unknown = structuredClone(input);
    const valid = validate(candidate);
    // The cross-field rules run on an invalid config too, so every error is shown at once;
    // they read it through `loose`, which tolerates any shape.
    const errors = [
      ...(valid ? [] : describeAjvErrors(validate.errors ?? [])),
      ...crossFieldErrors(loose(candidate)),
    ];
    if (!valid || errors.length > 0) return { ok: false, errors, warnings: [] };
    const config = candidate as ActionHeroWsConfig;
    return {
      ok: true,
      config: deepFreeze(config),
      errors: [],
      warnings: crossFieldWarnings(config),
    };
  };
}

/** One line per issue: `path: message`. */
export function formatIssue(issue: ConfigIssue): string {
  return `${issue.path}: ${issue.message}`;
}

/** The socket.io server flags a config switches on or off, settings first, then options. */
export function resolveFlags(config: Config): Partial<Record<(typeof FLAGS)[number], boolean>> {
  const flags: Partial<Record<(typeof FLAGS)[number], boolean>> = {};
  for (const flag of config.webSockets.settings) flags[flag] = true;
  for (const flag of FLAGS) {
    const explicit = config.webSockets.options[flag];
    if (explicit !== undefined) flags[flag] = explicit;
  }
  return flags;
}

/** A config of unknown shape, read field by field: a missing or mistyped branch reads as empty. */
interface LooseConfig {
  secure: boolean;
  keyFile: unknown;
  certFile: unknown;
  origin: unknown;
  credentials: unknown;
  settings: string[];
  options: Record<string, unknown>;
  redis: boolean;
  /** redis.adapter, when a string (the schema judges its value). */
  adapter: string;
  /** health.livePath, health.readyPath and metrics.path, by field (when strings). */
  httpPaths: [string, string][];
  /** Where socket.io listens, without a trailing slash. */
  ioPath: string;
}

function loose(candidate: unknown): LooseConfig {
  const at = (path: string): Record<string, unknown> => {
    const node = getPath(candidate, path);
    return isRecord(node) ? node : {};
  };
  const web = at('servers.web');
  const webSockets = at('webSockets');
  const options = at('webSockets.options');
  const cors = at('webSockets.options.cors');
  const settings = Array.isArray(webSockets.settings) ? webSockets.settings : [];
  return {
    secure: web.secure === true,
    keyFile: web.keyFile,
    certFile: web.certFile,
    origin: cors.origin,
    credentials: cors.credentials,
    settings: settings.filter((flag): flag is string => typeof flag === 'string'),
    options,
    redis: at('redis').enable === true,
    adapter: typeof at('redis').adapter === 'string' ? (at('redis').adapter as string) : 'pubsub',
    httpPaths: stringsAt([
      ['health.livePath', at('health').livePath],
      ['health.readyPath', at('health').readyPath],
      ['metrics.path', at('metrics').path],
      ['adminUi.path', at('adminUi').path],
    ]),
    ioPath: (typeof options.path === 'string' ? options.path : '/socket.io').replace(/\/+$/, ''),
  };
}

function stringsAt(fields: [string, unknown][]): [string, string][] {
  const found: [string, string][] = [];
  for (const [field, value] of fields) if (typeof value === 'string') found.push([field, value]);
  return found;
}

/**
 * The paths the HTTP router and socket.io already answer: a health or metrics path there would
 * hide actions, static files or socket.io (or be hidden by them).
 */
function reservedPlace(path: string, ioPath: string): string | undefined {
  const prefixes = ['/api', '/public', '/actionhero-ws', ioPath === '' ? '/socket.io' : ioPath];
  const hit = prefixes.find((prefix) => path === prefix || path.startsWith(`${prefix}/`));
  if (hit !== undefined) return `under ${hit}/`;
  if (path === '/index.html') return 'the example page';
  return undefined;
}

const SUGGESTED_PATH: Record<string, string> = {
  'health.livePath': '/healthz',
  'health.readyPath': '/readyz',
  'metrics.path': '/metrics',
  'adminUi.path': '/admin',
};

function httpPathErrors(config: LooseConfig): ConfigIssue[] {
  const errors: ConfigIssue[] = [];
  config.httpPaths.forEach(([field, path], index) => {
    const reserved = reservedPlace(path, config.ioPath);
    if (reserved !== undefined) {
      errors.push({
        path: field,
        message:
          `is ${reserved}, which actions, static files or socket.io already answer; ` +
          `choose a path outside it, such as "${SUGGESTED_PATH[field] ?? '/healthz'}" ` +
          `(got ${JSON.stringify(path)})`,
      });
    }
    const same = config.httpPaths.slice(0, index).find(([, other]) => other === path);
    if (same !== undefined) {
      errors.push({
        path: field,
        message: `is the same path as ${same[0]}; give each its own path (got ${JSON.stringify(path)})`,
      });
    }
  });
  return errors;
}

function crossFieldErrors(config: LooseConfig): ConfigIssue[] {
  const errors: ConfigIssue[] = [];
  if (config.secure) {
    for (const key of ['keyFile', 'certFile'] as const) {
      if (config[key] === null || config[key] === undefined) {
        errors.push({
          path: `servers.web.${key}`,
          message:
            'https needs a key file and a certificate: set keyFile and certFile (or TLS_KEY_FILE ' +
            'and TLS_CERT_FILE), or run `npm run cert` for a development pair (got null)',
        });
      }
    }
  }
  const origin = config.origin;
  const wildcard =
    origin === '*' || origin === true || (Array.isArray(origin) && origin.includes('*'));
  if (wildcard && config.credentials === true) {
    errors.push({
      path: 'webSockets.options.cors.credentials',
      message:
        `cannot be true while cors.origin is ${JSON.stringify(origin)}: browsers refuse ` +
        'credentials with a wildcard origin; list the allowed origins instead (got true)',
    });
  }
  for (const flag of config.settings) {
    if (config.options[flag] === false) {
      errors.push({
        path: `webSockets.options.${flag}`,
        message:
          'is false while webSockets.settings switches it on; keep one of the two (got false)',
      });
    }
  }
  const recovery =
    config.options.connectionStateRecovery ?? config.settings.includes('connectionStateRecovery');
  if (config.redis && recovery === true && config.adapter !== 'streams') {
    errors.push({
      path: 'redis.adapter',
      message:
        `connectionStateRecovery needs redis.adapter "streams" (the Redis Streams adapter keeps ` +
        `the missed packets); set redis.adapter to streams, or remove ` +
        `connectionStateRecovery (got ${JSON.stringify(config.adapter)})`,
    });
  }
  errors.push(...httpPathErrors(config));
  return errors;
}

function crossFieldWarnings(config: ActionHeroWsConfig): ConfigIssue[] {
  const warnings: ConfigIssue[] = [];
  const options = config.webSockets.options;
  if (config.redis.enable && options.transports.includes('polling')) {
    warnings.push({
      path: 'webSockets.options.transports',
      message:
        'polling with Redis (several nodes) requires sticky sessions at the load balancer ' +
        '(npm run start:cluster and deploy/nginx.conf provide them)',
    });
  }
  if (options.maxHttpBufferSize !== undefined && options.maxHttpBufferSize > BUFFER_WARNING_BYTES) {
    warnings.push({
      path: 'webSockets.options.maxHttpBufferSize',
      message: `${options.maxHttpBufferSize} bytes per message lets one client hold that much memory per request; socket.io's default is 1000000`,
    });
  }
  return warnings;
}

function describeAjvErrors(ajvErrors: ErrorObject[]): ConfigIssue[] {
  // anyOf reports every branch's failure at the same path; keep only the anyOf summary there,
  // unless a branch got further (a deeper path), which is then the more useful message.
  const anyOfPaths = new Set(
    ajvErrors.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath),
  );
  const deeper = (path: string): boolean =>
    ajvErrors.some((e) => e.instancePath.startsWith(`${path}/`));
  const issues = new Map<string, ConfigIssue>();
  for (const error of ajvErrors) {
    const inAnyOf = [...anyOfPaths].some(
      (p) => error.instancePath === p || error.instancePath.startsWith(`${p}/`),
    );
    if (inAnyOf && error.keyword !== 'anyOf' && anyOfPaths.has(error.instancePath)) continue;
    if (error.keyword === 'anyOf' && deeper(error.instancePath)) continue;
    if (error.keyword === 'if') continue;
    const issue = describeAjvError(error);
    const key = formatIssue(issue);
    // Several keywords can fail on one value (type and minimum): one line per field is enough.
    if (![...issues.values()].some((known) => known.path === issue.path)) issues.set(key, issue);
  }
  return [...issues.values()];
}

function describeAjvError(error: ErrorObject): ConfigIssue {
  const path = toDottedPath(error.instancePath);
  const schema = (error.parentSchema ?? {}) as SchemaNode;
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = (error.params as { additionalProperty: string }).additionalProperty;
      const known = Object.keys(schema.properties ?? {});
      return { path: joinPath(path, key), message: unknownKeyMessage(key, known) };
    }
    case 'required': {
      const key = (error.params as { missingProperty: string }).missingProperty;
      return { path: joinPath(path, key), message: 'is required' };
    }
    case 'uniqueItems':
      return { path, message: `must not list an item twice (got ${show(error.data)})` };
    case 'minItems':
    case 'maxItems':
      return { path, message: `must be ${describeAccepted(schema)} (got ${show(error.data)})` };
    default: {
      if (typeof error.data === 'string' && isLegacyValue(error.instancePath, error.data)) {
        return { path, message: `${show(error.data)} ${MIGRATE_HINT}` };
      }
      return { path, message: `must be ${describeAccepted(schema)} (got ${show(error.data)})` };
    }
  }
}

function unknownKeyMessage(key: string, known: string[]): string {
  if (LEGACY_KEYS.has(key)) return MIGRATE_HINT;
  const close = closest(key, known);
  if (close) return `is not a known key; did you mean "${close}"?`;
  return known.length > 0
    ? `is not a known key; known keys: ${known.join(', ')}`
    : 'is not a known key';
}

function isLegacyValue(instancePath: string, value: string): boolean {
  return (
    (instancePath.startsWith('/webSockets/settings/') && LEGACY_KEYS.has(value)) ||
    (instancePath.startsWith('/webSockets/options/transports/') && LEGACY_TRANSPORTS.has(value))
  );
}

/** Says in words what a schema node accepts: "an integer from 0 to 65535". */
export function describeAccepted(schema: SchemaNode): string {
  if (typeof schema['x-expected'] === 'string') return schema['x-expected'];
  if (Array.isArray(schema.enum)) return `one of ${schema.enum.map(show).join(', ')}`;
  if (Array.isArray(schema.anyOf)) {
    return (schema.anyOf as SchemaNode[]).map(describeAccepted).join(', or ');
  }
  if (typeof schema.$ref === 'string') return 'a valid value';
  const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type];
  return types
    .filter((type): type is string => typeof type === 'string')
    .map((type) => describeType(type, schema))
    .join(' or ');
}

function describeType(type: string, schema: SchemaNode): string {
  const min = schema.minimum as number | undefined;
  const max = schema.maximum as number | undefined;
  switch (type) {
    case 'integer':
    case 'number': {
      const noun = type === 'integer' ? 'an integer' : 'a number';
      if (min !== undefined && max !== undefined) return `${noun} from ${min} to ${max}`;
      if (min !== undefined) return `${noun} >= ${min}`;
      if (max !== undefined) return `${noun} <= ${max}`;
      return noun;
    }
    case 'string': {
      const parts = ['a'];
      if (schema.minLength === 1) parts.push('non-empty');
      parts.push('string');
      if (typeof schema.maxLength === 'number')
        parts.push(`of at most ${schema.maxLength} characters`);
      if (typeof schema.pattern === 'string') parts.push(`matching ${schema.pattern}`);
      return parts.join(' ');
    }
    case 'array': {
      const items = schema.items as SchemaNode | undefined;
      const what = items ? describeAccepted(items) : 'values';
      const min = schema.minItems as number | undefined;
      return min ? `a list of at least ${min} of ${what}` : `a list of ${what}`;
    }
    case 'boolean':
      return 'true or false';
    case 'null':
      return 'null';
    case 'object':
      return 'an object';
    default:
      return type;
  }
}

function toDottedPath(instancePath: string): string {
  if (instancePath === '') return 'config';
  return instancePath
    .split('/')
    .slice(1)
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, segment) => joinPath(path, segment), '');
}

function joinPath(path: string, key: string): string {
  const base = path === 'config' ? '' : path;
  if (/^\d+$/.test(key)) return `${base}[${key}]`;
  if (!/^[A-Za-z_$][\w$]*$/.test(key)) return `${base}[${JSON.stringify(key)}]`;
  return base === '' ? key : `${base}.${key}`;
}

/** The known key within a small edit distance of `key`, if there is one. */
export function closest(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(key.length / 3)) + 1;
  for (const candidate of known) {
    const distance = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
