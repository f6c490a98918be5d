// The load patterns: closed-loop requests with acknowledgements, and room fan-out timing.
// Kept allocation-light so the client does not eat the CPU the server needs.
import { performance } from 'node:perf_hooks';
import { cpuMs } from '../proc.js';
import type { Conn } from './conn.js';
import type { Measurement } from './protocol.js';

const ACK = 0x33; // '3': a socket.io ACK packet ('43<id>[...]')
const EVENT = 0x32; // '2': a socket.io EVENT packet ('42[...]')
const ERROR_FIELD = Buffer.from('"error"');
const SLOTS = 64; // ack ids in flight per connection, at most

export class Samples {
  private data = new Float64Array(1 << 16);
  length = 0;
  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }
  percentile(p: number): number {
    if (this.length === 0) return Number.NaN;
    const sorted = this.data.slice(0, this.length).sort();
    return sorted[Math.min(this.length - 1, Math.floor((p / 100) * this.length))] ?? Number.NaN;
  }
}

/** CPU and wall clock over the measured window, for this process and the servers. */
export class Window {
  private wall = 0;
  private client = process.cpuUsage();
  private servers: number[] = [];
  constructor(private readonly pids: number[]) {}
  start(): void {
    this.wall = performance.now();
    this.client = process.cpuUsage();
    this.servers = this.pids.map(cpuMs);
  }
  finish(count: number, errors: number, samples: Samples): Measurement {
    const elapsedMs = performance.now() - this.wall;
    const used = process.cpuUsage(this.client);
    return {
      elapsedMs,
      count,
      errors,
      p50: samples.percentile(50),
      p99: samples.percentile(99),
      clientCpu: (used.user + used.system) / 1000 / elapsedMs,
      serverCpu: this.pids.map((pid, i) => (cpuMs(pid) - (this.servers[i] ?? 0)) / elapsedMs),
    };
  }
}

export const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));

export async function until(done: () => boolean, ms: number): Promise<void> {
  const end = performance.now() + ms;
  while (!done() && performance.now() < end) await sleep(10);
}

/** Resolves once no connection has received a packet for `quietMs` (bounded by `maxMs`). */
export async function settle(conns: Conn[], quietMs: number, maxMs = 120_000): Promise<void> {
  let last = performance.now();
  for (const conn of conns) conn.onPacket = () => (last = performance.now());
  const end = last + maxMs;
  while (performance.now() - last < quietMs && performance.now() < end) await sleep(20);
  for (const conn of conns) conn.onPacket = () => undefined;
}

export interface RequestLoad {
  event: string;
  inFlight: number;
  warmupMs: number;
  durationMs: number;
  pids: number[];
}

/** Every connection keeps `inFlight` requests outstanding; round trips are timed by ack id. */
export async function requests(conns: Conn[], load: RequestLoad): Promise<Measurement> {
  const samples = new Samples();
  const window = new Window(load.pids);
  let recording = false;
  let stopping = false;
  let outstanding = 0;
  let count = 0;
  let errors = 0;

  for (const conn of conns) {
    const sentAt = new Float64Array(SLOTS);
    let nextId = 0;
    const fire = (): void => {
      const id = nextId++;
      sentAt[id % SLOTS] = performance.now();
      outstanding++;
      conn.send(`42${id}${load.event}`);
    };
    conn.onPacket = (data) => {
      if (data[1] !== ACK) return;
      let id = 0;
      let i = 2;
      for (let c = data[i]; c !== undefined && c >= 0x30 && c <= 0x39; c = data[++i]) {
        id = id * 10 + c - 0x30;
      }
      outstanding--;
      if (recording) {
        samples.push(performance.now() - (sentAt[id % SLOTS] ?? 0));
        count++;
        if (data.indexOf(ERROR_FIELD, i) >= 0) errors++;
      }
      if (!stopping) fire();
    };
    for (let n = 0; n < load.inFlight; n++) fire();
  }

  await sleep(load.warmupMs);
  window.start();
  recording = true;
  await sleep(load.durationMs);
  recording = false;
  const result = window.finish(count, errors, samples);
  stopping = true;
  await until(() => outstanding === 0, 10_000);
  return result;
}

export interface FanoutLoad {
  warmupMs: number;
  durationMs: number;
  pids: number[];
}

/** conns[0] says one message at a time; the time until every other connection has it is timed. */
export async function fanout(conns: Conn[], load: FanoutLoad): Promise<Measurement> {
  const [sender, ...receivers] = conns;
  if (sender === undefined || receivers.length === 0) throw new Error('fan-out needs 2+ clients');
  const samples = new Samples();
  const window = new Window(load.pids);
  const expected = receivers.length;
  let recording = false;
  let stopping = false;
  let seq = 0;
  let marker = Buffer.alloc(0);
  let got = 0;
  let sentAt = 0;
  let count = 0;
  let errors = 0;
  let timer: NodeJS.Timeout | undefined;
  let finished: (() => void) | undefined;

  const next = (): void => {
    clearTimeout(timer);
    if (stopping) {
      finished?.();
      return;
    }
    seq++;
    got = 0;
    marker = Buffer.from(`"message":"m${seq}"`);
    sentAt = performance.now();
    // A message that does not reach everyone within 10 s counts as an error; the next goes out.
    timer = setTimeout(() => {
      if (recording) errors++;
      next();
    }, 10_000);
    sender.send(`42${seq}["say",{"message":"m${seq}"}]`);
  };
  sender.onPacket = () => undefined;
  for (const receiver of receivers) {
    receiver.onPacket = (data) => {
      if (data[1] !== EVENT || data.indexOf(marker) < 0) return;
      if (++got < expected) return;
      if (recording) {
        samples.push(performance.now() - sentAt);
        count += expected;
      }
      next();
    };
  }

  next();
  await sleep(load.warmupMs);
  window.start();
  recording = true;
  await sleep(load.durationMs);
  recording = false;
  const result = window.finish(count, errors, samples);
  await new Promise<void>((resolve) => {
    finished = resolve;
    stopping = true;
  });
  return result;
}
