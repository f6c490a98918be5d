// Everything the cases run against: the compiled bench processes, the two generated projects
// (default and --redis, built with their own `npm run build`), and a real redis-server.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '../test/helpers/generator.js';
import { run } from '../test/helpers/process.js';
import { createProject, ENTRY, startFlags, type Project } from '../test/helpers/project.js';
import { startRedis, type RedisServer } from '../test/helpers/redis.js';
import type { ServerSpec } from './servers.js';

export const buildDir = join(repoRoot, 'node_modules/.cache/actionhero-ws-bench');

export interface Prepared {
  workerPath: string;
  probePath: string;
  generated: ServerSpec;
  generatedRedis: ServerSpec;
  /** B13: a project with sign-in, a global action middleware and the rate limits on... */
  secured: ServerSpec;
  /** ...and the same project with all three off. */
  unsecured: ServerSpec;
  /** B14: a default project with metrics on (every other project runs with metrics off). */
  instrumented: ServerSpec;
  /** A token `secured` accepts (its clients sign in with it at the handshake). */
  token: string;
  bare: ServerSpec;
  bareRedis: ServerSpec;
  /**
   * A project only some cases need (B11's adapters, B12's recovery), generated with these flags
   * and built on first use, then kept for the run (limits and metrics off, REDIS_URL with --redis).
   */
  project(flags: string[]): Promise<ServerSpec>;
  /** The bare server with more of its switches (BENCH_ADAPTER, BENCH_RECOVERY, REDIS_URL). */
  bareWith(env: NodeJS.ProcessEnv): ServerSpec;
  redis: RedisServer;
  redisPid: number;
  cleanup(): Promise<void>;
}

/** Compiles bench/ with tsc (strict), so the bare server and the client run as plain `node`. */
async function compileBench(): Promise<void> {
  const tsc = join(repoRoot, 'node_modules/.bin/tsc');
  const out = await run(tsc, ['-p', join(repoRoot, 'bench/tsconfig.json')], { cwd: repoRoot });
  if (out.code !== 0) throw new Error(`bench does not compile:\n${out.stdout}${out.stderr}`);
  // The output sits under node_modules, outside this package's "type": "module" scope.
  writeFileSync(join(buildDir, 'package.json'), '{ "type": "module" }\n');
}

/** 50 clients × 10 in flight (B2) needs simultaneousActions ≥ 10; the default is 5. */
function allowTenInFlight(project: Project): void {
  editConfig(project, (config) => {
    config.general = { ...(config.general as object | undefined), simultaneousActions: 10 };
  });
}

/** B13's JWT_SECRET: any 32 bytes or more. */
const BENCH_JWT_SECRET = 'actionhero-ws bench secret, 32 bytes or more';

/** A global action middleware that does a little, as a real one would. */
const STAMP_MIDDLEWARE = `import { defineActionMiddleware } from '../core/middleware.js';

export default defineActionMiddleware({
  name: 'requestStamp',
  global: true,
  preProcessor({ ctx }) {
    ctx.locals.receivedAt = Date.now();
  },
});
`;

function editConfig(project: Project, edit: (config: Record<string, unknown>) => void): void {
  const file = join(project.dir, 'config/config.json');
  const config = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  edit(config);
  writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`);
}

/**
 * The bench's clients send as fast as they can, which the default rate limits rightly refuse:
 * B1–B8 run with the limits off, and B13 with limits on but set too high to trip, so it measures
 * what checking them costs rather than refusals.
 */
const limitsOff = (config: Record<string, unknown>): void => {
  config.limits = { ...(config.limits as object | undefined), enable: false };
};

/**
 * B1–B8 and B13 measure the protocol path, so their projects run with metrics off; B14 compares
 * a project with metrics on against one with them off.
 */
const metricsOff = (config: Record<string, unknown>): void => {
  config.metrics = { ...(config.metrics as object | undefined), enable: false };
};

const UNREACHABLE = { points: 100_000_000, durationSec: 1 };

const limitsOnButUnreachable = (config: Record<string, unknown>): void => {
  config.limits = {
    ...(config.limits as object | undefined),
    enable: true,
    actionsPerConnection: UNREACHABLE,
    actionsPerAddress: UNREACHABLE,
    sayPerConnection: UNREACHABLE,
    sayPerAddress: UNREACHABLE,
  };
};

/** B13's pair: `--auth jwt` + requestStamp + limits, and a default project with limits off. */
async function securedPair(): Promise<{ secured: Project; unsecured: Project }> {
  const [secured, unsecured] = await Promise.all([
    createProject({ flags: ['--auth', 'jwt'] }),
    createProject(),
  ]);
  writeFileSync(join(secured.dir, 'src/middleware/requestStamp.ts'), STAMP_MIDDLEWARE);
  editConfig(secured, limitsOnButUnreachable);
  editConfig(unsecured, limitsOff);
  editConfig(secured, metricsOff);
  editConfig(unsecured, metricsOff);
  const built = await secured.npm(['run', 'build']);
  if (built.code !== 0)
    throw new Error(`B13 project does not build:\n${built.stdout}${built.stderr}`);
  return { secured, unsecured };
}

async function benchToken(): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('bench')
    .setExpirationTime('6h')
    .sign(new TextEncoder().encode(BENCH_JWT_SECRET));
}

/** The helper keeps its child private; redis-server names itself "redis-server 127.0.0.1:PORT". */
function redisPidOf(port: number): number {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'latin1');
      if (cmdline.includes('redis-server') && cmdline.includes(`:${port}`)) return Number(entry);
    } catch {
      // the process ended meanwhile
    }
  }
  return -1;
}

/**
 * A generated project as `npm start` runs it: the node flags of its start script (see the
 * project README's "Start-up flags") before its compiled entry, without the build npm runs first.
 */
function startSpec(dir: string, env?: NodeJS.ProcessEnv): ServerSpec {
  return {
    entry: ENTRY,
    cwd: dir,
    nodeArgs: startFlags(dir),
    ...(env === undefined ? {} : { env }),
  };
}

export async function prepare(): Promise<Prepared> {
  const [, generated, generatedRedis, redis, pair, token, instrumented] = await Promise.all([
    compileBench(),
    createProject(),
    createProject({ flags: ['--redis'] }),
    startRedis(),
    securedPair(),
    benchToken(),
    createProject(),
  ]);
  for (const project of [generated, generatedRedis, instrumented]) {
    allowTenInFlight(project);
    editConfig(project, limitsOff);
  }
  editConfig(generated, metricsOff);
  editConfig(generatedRedis, metricsOff);
  const bench = join(buildDir, 'bench');
  const bareEntry = join(bench, 'bare-server.js');
  const extra = new Map<string, Promise<Project>>();
  const project = async (flags: string[]): Promise<ServerSpec> => {
    const key = flags.join(' ');
    let made = extra.get(key);
    if (made === undefined) {
      made = createProject({ flags }).then((created) => {
        editConfig(created, limitsOff);
        editConfig(created, metricsOff);
        return created;
      });
      extra.set(key, made);
    }
    const { dir } = await made;
    return startSpec(dir, flags.includes('--redis') ? { REDIS_URL: redis.url } : undefined);
  };
  return {
    workerPath: join(bench, 'client/worker.js'),
    probePath: pathToFileURL(join(bench, 'probe.js')).href,
    generated: startSpec(generated.dir),
    generatedRedis: startSpec(generatedRedis.dir, { REDIS_URL: redis.url }),
    secured: startSpec(pair.secured.dir, { JWT_SECRET: BENCH_JWT_SECRET }),
    unsecured: startSpec(pair.unsecured.dir),
    instrumented: startSpec(instrumented.dir),
    token,
    bare: { entry: bareEntry, cwd: repoRoot },
    bareRedis: { entry: bareEntry, cwd: repoRoot, env: { REDIS_URL: redis.url } },
    project,
    bareWith: (env) => ({ entry: bareEntry, cwd: repoRoot, env }),
    redis,
    redisPid: redisPidOf(redis.port),
    async cleanup() {
      await redis.kill();
      generated.remove();
      generatedRedis.remove();
      pair.secured.remove();
      pair.unsecured.remove();
      instrumented.remove();
      for (const made of extra.values()) (await made.catch(() => undefined))?.remove();
    },
  };
}
