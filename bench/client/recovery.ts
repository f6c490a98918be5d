// B12: receivers whose websocket is cut and that come back the way socket.io-client does with
// connectionStateRecovery, counting each `say` they get so that a gap or a repeat shows.
//
// socket.io-client's side of recovery (socket.io-client/build/esm/socket.js): the server's
// CONNECT answer carries `{sid, pid}` (pid only with recovery on); every broadcast event carries
// the adapter's offset as its last argument, a string, which the client keeps; on reconnection
// the CONNECT packet's auth payload gets `{pid, offset}`. The server then sends the packets
// missed since that offset (before its CONNECT answer, which names the old sid again).
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { openConn, type Conn } from './conn.js';
import { Samples, sleep, until, Window } from './load.js';
import type { RecoveryCommand, RecoveryResult } from './protocol.js';
import type { Agent } from 'node:http';

const OPEN = 0x30; // engine.io '0', and socket.io CONNECT after '4'
const PING = 0x32; // engine.io '2'
const MESSAGE = 0x34; // engine.io '4'
const EVENT = 0x32; // socket.io '2'
const ACK = 0x33; // socket.io '3'
const SAID = /^m(\d+)$/;

class Receiver {
  sid = '';
  pid: string | undefined;
  offset: string | undefined;
  /** How many times each message (by its sequence number) arrived. */
  readonly copies = new Map<number, number>();
  /** The bench's own messages received (not announcements or welcomes). */
  deliveries = 0;
  /** When the last packet of any kind arrived. */
  lastPacketAt = 0;
  /**
   * `say` messages that arrived on a reconnection before its CONNECT answer: socket.io sends the
   * missed ones there (and a live one can slip in while connection middleware run).
   */
  replayed = 0;
  private joined = false;
  private ws: WebSocket | undefined;

  /** Opens a websocket and joins "/", presenting the session when there is one; resolves with the sid. */
  connect(url: string, path: string): Promise<string> {
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}${path}/?EIO=4&transport=websocket`, {
      perMessageDeflate: false,
    });
    this.ws = ws;
    this.joined = false;
    return new Promise((resolve, reject) => {
      ws.on('message', (raw) => {
        const data = raw as Buffer;
        this.lastPacketAt = performance.now();
        if (data[0] === PING) ws.send('3');
        else if (data[0] === OPEN) {
          const auth = this.pid === undefined ? undefined : { pid: this.pid, offset: this.offset };
          ws.send(auth === undefined ? '40' : `40${JSON.stringify(auth)}`);
        } else if (data[0] === MESSAGE) {
          if (data[1] === OPEN) {
            const answer = JSON.parse(data.subarray(2).toString()) as { sid: string; pid?: string };
            this.pid = answer.pid;
            this.sid = answer.sid;
            this.joined = true;
            resolve(answer.sid);
          } else if (data[1] === EVENT) this.event(data);
          else reject(new Error(`refused: ${data.toString()}`));
        }
      });
      ws.once('error', reject);
      ws.once('close', () => reject(new Error('closed before connecting')));
    });
  }

  private event(data: Buffer): void {
    // A broadcast has no ack id: `42[...]`.
    const args = JSON.parse(data.subarray(2).toString()) as unknown[];
    const last = args[args.length - 1];
    // As socket.io-client: a trailing string is the offset, once the server gave a pid.
    if (this.pid !== undefined && args.length > 1 && typeof last === 'string') this.offset = last;
    const message = (args[1] as { message?: unknown } | undefined)?.message;
    const seq = args[0] === 'say' && typeof message === 'string' ? SAID.exec(message) : null;
    if (seq === null) return;
    this.deliveries++;
    this.copies.set(Number(seq[1]), (this.copies.get(Number(seq[1])) ?? 0) + 1);
    if (!this.joined) this.replayed++;
  }

  /** The transport gone at once: no socket.io or engine.io close packet, no websocket close frame. */
  cut(): void {
    this.ws?.terminate();
  }
}

/** Says `m1`, `m2`, ... with an ack each; keeps which the server accepted. */
interface Sender {
  stop(): void;
  /** The messages the server accepted, by sequence number. */
  accepted: Set<number>;
  sent(): number;
  answered(): number;
}

function startSender(conn: Conn, ratePerSecond: number): Sender {
  const accepted = new Set<number>();
  let seq = 0;
  let answered = 0;
  conn.onPacket = (data) => {
    if (data[1] !== ACK) return;
    answered++;
    const text = data.toString();
    const id = Number(/^43(\d+)/.exec(text)?.[1]);
    if (!text.includes('"error"')) accepted.add(id);
  };
  const timer = setInterval(() => {
    seq++;
    conn.send(`42${seq}["say",{"message":"m${seq}"}]`);
  }, 1000 / ratePerSecond);
  return { stop: () => clearInterval(timer), accepted, sent: () => seq, answered: () => answered };
}

export async function recovery(command: RecoveryCommand, agent: Agent): Promise<RecoveryResult> {
  const { url, path } = command;
  const receivers = Array.from({ length: command.receivers }, () => new Receiver());
  const sender = openConn('websocket', url, path, agent);
  sender.onPacket = () => undefined;
  try {
    for (let i = 0; i < receivers.length; i += 100) {
      await Promise.all(receivers.slice(i, i + 100).map((r) => r.connect(url, path)));
    }
    await sender.ready;
    // The generated server tells the room of every entry (n² frames for n receivers): let those
    // pass, until 300 ms without a packet, before the clock starts.
    const quiet = (): boolean => receivers.every((r) => performance.now() - r.lastPacketAt >= 300);
    await sleep(300);
    await until(quiet, 30_000);
    const window = new Window(command.pids);
    window.start();
    const said = startSender(sender, command.ratePerSecond);
    await sleep(command.beforeMs);
    const before = receivers.map((r) => r.sid);
    for (const r of receivers) r.cut();
    await sleep(command.dropMs);
    const reconnecting = performance.now();
    const after = await Promise.all(receivers.map((r) => r.connect(url, path).catch(() => '')));
    const reconnectMs = performance.now() - reconnecting;
    await sleep(command.afterMs);
    said.stop();
    const sent = said.sent();
    // Every message answered, then every receiver holding every accepted one (or the time is up).
    await until(() => said.answered() === sent, command.drainMs);
    const complete = (r: Receiver): boolean => [...said.accepted].every((seq) => r.copies.has(seq));
    await until(() => receivers.every(complete), command.drainMs);
    const deliveries = receivers.reduce((sum, r) => sum + r.deliveries, 0);
    const measured = window.finish(deliveries, 0, new Samples());
    let missed = 0;
    let duplicates = 0;
    let receiversMissing = 0;
    for (const r of receivers) {
      let own = 0;
      for (const seq of said.accepted) if (!r.copies.has(seq)) own++;
      for (const n of r.copies.values()) duplicates += n - 1;
      missed += own;
      if (own > 0) receiversMissing++;
    }
    return {
      receivers: receivers.length,
      recovered: after.filter((sid, i) => sid !== '' && sid === before[i]).length,
      said: said.accepted.size,
      refused: sent - said.accepted.size,
      missed,
      duplicates,
      receiversMissing,
      replayed: receivers.reduce((sum, r) => sum + r.replayed, 0),
      reconnectMs,
      deliveries,
      elapsedMs: measured.elapsedMs,
      clientCpu: measured.clientCpu,
      serverCpu: measured.serverCpu,
    };
  } finally {
    sender.close();
    for (const r of receivers) r.cut();
  }
}
