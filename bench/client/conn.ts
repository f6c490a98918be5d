// One socket.io connection spoken at the wire level: engine.io v4 packets over `ws` or HTTP
// long-polling, namespace "/" only. Pings are answered; socket.io packets go to `onPacket`.
import { request, type Agent } from 'node:http';
import WebSocket from 'ws';

export interface Conn {
  /** Resolves once the namespace is joined (the server's `40`). */
  readonly ready: Promise<void>;
  /** Sends one engine.io message, e.g. `42["event",{}]` or `421["event",{}]` (ack id 1). */
  send(message: string): void;
  /** Every socket.io packet after the connect, as the engine.io message bytes (`42...`, `43...`). */
  onPacket: (message: Buffer) => void;
  close(): void;
}

const OPEN = 0x30; // '0'
const PING = 0x32; // '2'
const MESSAGE = 0x34; // '4'
const SEPARATOR = '\x1e';

class WsConn implements Conn {
  readonly ready: Promise<void>;
  onPacket: (message: Buffer) => void = () => undefined;
  private readonly ws: WebSocket;

  constructor(url: string, path: string, connect: string) {
    const address = `${url.replace(/^http/, 'ws')}${path}/?EIO=4&transport=websocket`;
    this.ws = new WebSocket(address, { perMessageDeflate: false, skipUTF8Validation: true });
    this.ready = new Promise((resolve, reject) => {
      let joined = false;
      this.ws.on('message', (raw) => {
        const data = raw as Buffer;
        const type = data[0];
        if (type === MESSAGE) {
          if (joined) this.onPacket(data);
          else if (data[1] === OPEN) {
            joined = true;
            resolve();
          }
        } else if (type === PING) this.ws.send('3');
        else if (type === OPEN) this.ws.send(connect);
      });
      this.ws.once('error', reject);
      this.ws.once('close', () => reject(new Error('closed before connecting')));
    });
  }

  send(message: string): void {
    this.ws.send(message);
  }

  close(): void {
    this.ws.terminate();
  }
}

function http(agent: Agent, url: string, body?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, method: body === undefined ? 'GET' : 'POST' }, (res) => {
      let text = '';
      res.setEncoding('latin1');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () =>
        res.statusCode === 200 ? resolve(text) : reject(new Error(`HTTP ${res.statusCode}`)),
      );
    });
    req.on('error', reject);
    if (body !== undefined) req.setHeader('content-type', 'text/plain;charset=UTF-8');
    req.end(body);
  });
}

class PollingConn implements Conn {
  readonly ready: Promise<void>;
  onPacket: (message: Buffer) => void = () => undefined;
  private base: string;
  private queue: string[] = [];
  private posting = false;
  private closed = false;
  private joined: (() => void) | undefined;

  constructor(
    url: string,
    path: string,
    private readonly agent: Agent,
    private readonly connect: string,
  ) {
    this.base = `${url}${path}/?EIO=4&transport=polling`;
    this.ready = new Promise((resolve, reject) => {
      this.joined = resolve;
      this.open().catch(reject);
    });
  }

  private async open(): Promise<void> {
    const handshake = await http(this.agent, this.base);
    const { sid } = JSON.parse(handshake.slice(1)) as { sid: string };
    this.base += `&sid=${sid}`;
    this.send(this.connect);
    void this.poll();
  }

  private async poll(): Promise<void> {
    while (!this.closed) {
      let body: string;
      try {
        body = await http(this.agent, this.base);
      } catch {
        return;
      }
      for (const message of body.split(SEPARATOR)) this.receive(message);
    }
  }

  private receive(message: string): void {
    const type = message.charCodeAt(0);
    if (type === MESSAGE) {
      if (this.joined === undefined) this.onPacket(Buffer.from(message, 'latin1'));
      else if (message.charCodeAt(1) === OPEN) {
        this.joined();
        this.joined = undefined;
      }
    } else if (type === PING) this.send('3');
  }

  send(message: string): void {
    this.queue.push(message);
    this.flush();
  }

  private flush(): void {
    if (this.posting || this.queue.length === 0 || this.closed) return;
    this.posting = true;
    const body = this.queue.join(SEPARATOR);
    this.queue = [];
    http(this.agent, this.base, body).then(
      () => {
        this.posting = false;
        this.flush();
      },
      () => (this.posting = false),
    );
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    // `1` is engine.io's close packet; the pending long-poll then ends.
    http(this.agent, this.base, '1').catch(() => undefined);
  }
}

export function openConn(
  transport: 'websocket' | 'polling',
  url: string,
  path: string,
  agent: Agent,
  auth?: Record<string, unknown>,
): Conn {
  // socket.io's CONNECT packet, with the handshake's `auth` payload when there is one.
  const connect = auth === undefined ? '40' : `40${JSON.stringify(auth)}`;
  return transport === 'websocket'
    ? new WsConn(url, path, connect)
    : new PollingConn(url, path, agent, connect);
}
