// The orchestrator's side of a load-client process: fork it, send a command, await its reply.
import { fork, type ChildProcess } from 'node:child_process';
import type {
  Command,
  Measurement,
  RecoveryCommand,
  RecoveryResult,
  Reply,
} from './client/protocol.js';

export interface LoadClient {
  pid: number;
  connect(command: Extract<Command, { type: 'connect' }>): Promise<number>;
  measure(command: Extract<Command, { type: 'requests' | 'fanout' }>): Promise<Measurement>;
  /** B12: the whole scenario on the client's own connections. */
  recovery(command: RecoveryCommand): Promise<RecoveryResult>;
  close(): Promise<void>;
}

export function startClient(workerPath: string): LoadClient {
  // execArgv: [] keeps the orchestrator's tsx loader out of the compiled client.
  const child: ChildProcess = fork(workerPath, [], {
    execArgv: [],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ask = (command: Command, timeoutMs = 300_000): Promise<Reply> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`the load client did not answer ${command.type}`));
      }, timeoutMs);
      child.once('message', (reply: Reply) => {
        clearTimeout(timer);
        if (reply.type === 'failed') reject(new Error(`load client: ${reply.message}`));
        else resolve(reply);
      });
      child.send(command);
    });
  return {
    pid: child.pid ?? -1,
    async connect(command) {
      const reply = await ask(command);
      return reply.type === 'connected' ? reply.ms : Number.NaN;
    },
    async measure(command) {
      const reply = await ask(command);
      if (reply.type !== 'measured') throw new Error(`unexpected reply ${reply.type}`);
      return reply.result;
    },
    async recovery(command) {
      const reply = await ask(command);
      if (reply.type !== 'recovered') throw new Error(`unexpected reply ${reply.type}`);
      return reply.result;
    },
    async close() {
      await ask({ type: 'close' }, 30_000).catch(() => undefined);
      child.disconnect();
      const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(killer);
    },
  };
}
