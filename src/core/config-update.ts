// `yo actionhero-ws:config`: the flags given change their own fields of the existing config and
// nothing else, so values edited by hand survive. The answers stored in .yo-rc.json are then
// read back from the result, so a later `yo actionhero-ws` re-run writes the same config.
import type { AnswerName, Answers, Secrets } from './answers.js';
import { schemaAt } from './schema.js';
import { answersToConfig, splitRedisUrl } from './to-config.js';
import type { Config } from '../shared/config-types.js';

type Json = Record<string, unknown>;

/** The config fields each answer decides (`options` is merged key by key). */
const ANSWER_PATHS: Readonly<Record<AnswerName, readonly string[]>> = {
  name: [],
  transport: ['webSockets.options.transports'],
  https: ['servers.web.secure'],
  keyFile: ['servers.web.keyFile'],
  certFile: ['servers.web.certFile'],
  port: ['servers.web.port'],
  redis: ['redis.enable'],
  redisUrl: ['redis.url'],
  settings: ['webSockets.settings'],
  options: [],
  logLevel: ['webSockets.logLevel'],
  serverName: ['general.serverName'],
  welcomeMessage: ['general.welcomeMessage'],
};

/** `base` with the fields of the `given` answers set from `answers`; secrets split off. */
export function applyAnswers(
  base: Json,
  answers: Answers,
  given: readonly AnswerName[],
  secrets: Secrets = {},
): { config: Json; env: Record<string, string> } {
  const draft = answersToConfig(answers, secrets);
  const config = structuredClone(base);
  for (const name of given) {
    for (const path of ANSWER_PATHS[name]) setPath(config, path, getPath(draft.config, path));
  }
  if (given.includes('https')) {
    // --https keeps key and certificate paths already in the config; --no-https clears them.
    for (const path of ['servers.web.keyFile', 'servers.web.certFile']) {
      const current = getPath(config, path);
      if (!answers.https || current === null || current === undefined) {
        setPath(config, path, getPath(draft.config, path));
      }
    }
  }
  if (given.includes('options')) {
    for (const [key, value] of Object.entries(answers.options)) {
      const path = `webSockets.options.${key}`;
      const current = getPath(config, path);
      setPath(
        config,
        path,
        isRecord(current) && isRecord(value) ? { ...current, ...value } : value,
      );
    }
  }
  return { config, env: draft.env };
}

/** The answers that reproduce `config`; `previous` supplies what a config does not hold. */
export function configToAnswers(
  config: Config,
  previous: Partial<Answers>,
  folderName: string,
): Answers {
  const { web } = config.servers;
  const { transports, ...options } = config.webSockets.options;
  const optionAnswers: Json = {};
  for (const [key, value] of Object.entries(options)) {
    const schemaDefault = (schemaAt('webSockets.options').properties as Json)[key];
    const fallback = isRecord(schemaDefault) ? schemaDefault.default : undefined;
    if (JSON.stringify(value) !== JSON.stringify(fallback)) optionAnswers[key] = value;
  }
  return {
    name: previous.name ?? folderName,
    transport: transports.join(','),
    https: web.secure,
    keyFile: web.keyFile,
    certFile: web.certFile,
    port: web.port,
    redis: config.redis.enable,
    redisUrl: splitRedisUrl(config.redis.url).url,
    settings: [...config.webSockets.settings],
    options: optionAnswers,
    logLevel: config.webSockets.logLevel,
    serverName: config.general.serverName,
    welcomeMessage: config.general.welcomeMessage,
  };
}

function getPath(root: Json, path: string): unknown {
  let node: unknown = root;
  for (const key of path.split('.')) {
    node = isRecord(node) && Object.hasOwn(node, key) ? node[key] : undefined;
  }
  return node;
}

/** Sets own data properties only, so a key such as `__proto__` can never reach a prototype. */
function setPath(root: Json, path: string, value: unknown): void {
  const keys = path.split('.');
  const last = keys.pop() as string;
  let node = root;
  for (const key of keys) {
    const child = Object.hasOwn(node, key) ? node[key] : undefined;
    const next = isRecord(child) ? child : {};
    define(node, key, next);
    node = next;
  }
  if (value === undefined) Reflect.deleteProperty(node, last);
  else define(node, last, value);
}

function define(target: Json, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

function isRecord(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
