// Debian's nginx running a generated project's deploy/nginx.conf, as a user would run it, with
// only what must differ on a test machine: the upstream addresses (the nodes' loopback ports),
// the listen port (a free one), and the paths nginx writes to (a temporary prefix, so no root
// paths and no root needed). An access log of which node served each request is added, for
// the tests to read. Stopped by its pid.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { tempDir } from './generator.js';
import { freePort } from './ports.js';
import { waitUntil } from './process.js';

export interface Nginx {
  port: number;
  url: string;
  /** One line per finished request: `remote_addr request_uri upstream_addr status`. */
  accessLog(): { client: string; uri: string; upstream: string; status: number }[];
  /** nginx's own messages (its error log). */
  output: string[];
  /** SIGTERM to the master (its workers go with it), then removes the prefix. */
  stop(): Promise<void>;
}

/** The config as the test runs it: `source` with the substitutions above, nothing else changed. */
export function testConfig(
  source: string,
  upstreams: readonly string[],
  port: number,
  prefix: string,
): string {
  let servers = 0;
  const upstreamBlock = /(upstream\s+\w+\s*\{)([^}]*)(\})/;
  const withUpstreams = source.replace(upstreamBlock, (_all, open: string, body: string, close) => {
    const replaced = body.replace(/^(\s*server\s+)\S+(\s*;)/gm, (_line, start: string, end) => {
      const address = upstreams[servers++];
      if (address === undefined) throw new Error('the config has more upstream servers than nodes');
      return `${start}${address}${String(end)}`;
    });
    return `${open}${replaced}${String(close)}`;
  });
  if (servers !== upstreams.length)
    throw new Error(
      `the config lists ${servers} upstream servers, the test has ${upstreams.length}`,
    );
  const listens = withUpstreams.match(/^\s*listen\s+80\s*;/gm)?.length ?? 0;
  if (listens !== 1) throw new Error(`expected one "listen 80;" in the config, found ${listens}`);
  const listening = withUpstreams.replace(/^(\s*listen\s+)80(\s*;)/m, `$1127.0.0.1:${port}$2`);
  const paths = [
    `client_body_temp_path ${join(prefix, 'client_body')};`,
    `proxy_temp_path ${join(prefix, 'proxy')};`,
    `fastcgi_temp_path ${join(prefix, 'fastcgi')};`,
    `uwsgi_temp_path ${join(prefix, 'uwsgi')};`,
    `scgi_temp_path ${join(prefix, 'scgi')};`,
    `log_format upstreams '$remote_addr $request_uri $upstream_addr $status';`,
    `access_log ${join(prefix, 'access.log')} upstreams;`,
  ];
  if (!/^http\s*\{/m.test(listening)) throw new Error('the config has no http { } block');
  return listening.replace(/^http\s*\{/m, `http {\n  ${paths.join('\n  ')}`);
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Starts nginx on `configFile` (a project's deploy/nginx.conf) in front of `upstreams`. */
export async function startNginx(configFile: string, upstreams: readonly string[]): Promise<Nginx> {
  const prefix = tempDir('ahws-nginx-');
  // Started as root, nginx's workers run as an unprivileged user, which must reach the prefix.
  chmodSync(prefix, 0o755);
  const port = await freePort();
  const config = join(prefix, 'nginx.conf');
  writeFileSync(config, testConfig(readFileSync(configFile, 'utf8'), upstreams, port, prefix));
  const output: string[] = [];
  const child: ChildProcess = spawn(
    'nginx',
    [
      '-p',
      prefix,
      '-c',
      config,
      '-e',
      'stderr',
      '-g',
      `daemon off; pid ${join(prefix, 'nginx.pid')}; error_log stderr notice;`,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout?.on('data', (data: Buffer) => output.push(data.toString()));
  child.stderr?.on('data', (data: Buffer) => output.push(data.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('error', (err) => output.push(`cannot run nginx: ${err.message}`));
  try {
    await waitUntil(async () => {
      if (child.exitCode !== null || child.signalCode !== null)
        throw new Error(`nginx exited:\n${output.join('')}`);
      return answers(port);
    }, `nginx on port ${port}`);
  } catch (err) {
    child.kill('SIGKILL');
    rmSync(prefix, { recursive: true, force: true });
    throw err;
  }
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    output,
    accessLog() {
      const file = join(prefix, 'access.log');
      const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
      return text
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => {
          const [client = '', uri = '', upstream = '', status = '0'] = line.split(' ');
          return { client, uri, upstream, status: Number(status) };
        });
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(killer);
      }
      rmSync(prefix, { recursive: true, force: true });
    },
  };
}
