// A booted project for the client and browser tests, on the shared test helpers: one server on a
// fixed port that can be restarted on that port (for the reconnect tests), plus chromium's path.
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { createProject as createShared, type Server } from '../helpers/project.js';

export interface Project {
  dir: string;
  url: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  restart(): Promise<void>;
  remove(): Promise<void>;
}

/** Debian's chromium from PATH (never a downloaded browser). */
export function chromiumPath(): string {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    for (const name of ['chromium', 'chromium-browser']) {
      if (dir && existsSync(join(dir, name))) return join(dir, name);
    }
  }
  return '/usr/bin/chromium';
}

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

/**
 * `new --defaults` plus `flags`, linked to this repository's node_modules and built; `env` is
 * added to the server's environment at every start (a REDIS_URL, say).
 */
export async function createProject(
  flags: string[] = [],
  env: NodeJS.ProcessEnv = {},
): Promise<Project> {
  const shared = await createShared({ flags });
  let server: Server | undefined;
  let port: number | undefined;
  const project: Project = {
    dir: shared.dir,
    get url() {
      if (!server) throw new Error('the server is not started');
      return server.url;
    },
    async start() {
      server = await shared.start(port ? { ...env, PORT: String(port) } : env);
      port = server.port;
    },
    async stop() {
      await server?.stop();
    },
    async restart() {
      await project.stop();
      await project.start();
    },
    async remove() {
      await project.stop();
      shared.remove();
    },
  };
  return project;
}
