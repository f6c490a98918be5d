// actionHeroWebSocket.mjs: the client for actionHero's web-socket protocol over socket.io 4, as
// an ES module (actionHeroWebSocket.js is the same client as a classic <script> and for require).
//
// In a page, after the server's config (its socket.io `path` and `transports`):
//   <script src="/actionhero-ws/config.js"></script>
//   <script type="module">
//     import ActionHeroWebSocket from '/public/javascript/actionHeroWebSocket.mjs';
//     const client = new ActionHeroWebSocket();
//   </script>
// The client needs socket.io's `io`: when the page has not loaded `${path}/socket.io.js` itself,
// the client loads it from the server (socket.io serves it while the `serveClient` setting is on)
// and sends the requests made meanwhile once connected.
// In Node: `new ActionHeroWebSocket({ url: 'http://localhost:8080', io })` with `io` from
// socket.io-client (imported by itself when installed).
// Sign-in: `new ActionHeroWebSocket({ auth: { token } })`, or `auth: (send) => send({ token })`,
// asked again at every reconnection; `client.reconnect({ token })` connects again with another.
// Types: actionHeroWebSocket.d.mts, with the server's protocol in protocol/events.d.ts: a request
// the server would not understand does not compile.

// Every payload and reply type comes from the server's own protocol, src/protocol/events.ts of a
// generated project; tsconfig.client.json's `rootDirs` resolves `./protocol/events.js` to
// templates/app/src/protocol/events.ts here, and the build ships its declarations beside the
// client, where the same path finds them. Type-only: nothing of the server reaches the browser.
import type {
  ByeMessage,
  ClientToServerEvents,
  ConnectionDetails,
  Reply,
  ReplyBase,
  SayMessage,
  ServerToClientEvents,
  WelcomeMessage,
} from './protocol/events.js';

export type { ByeMessage, SayMessage, WelcomeMessage };

/** What `detailsView` tells about this connection. */
export type Details = ConnectionDetails;

/** Every reply: `context: "response"`, `messageCount`, then `status: "OK"` or `error`. */
export type Response = Reply;

/** The requests that get a reply: every client-to-server event that takes an acknowledgement. */
export type Verb = {
  [V in keyof ClientToServerEvents]: Parameters<ClientToServerEvents[V]> extends [unknown, unknown?]
    ? V
    : never;
}[keyof ClientToServerEvents];

/** What the request `V` sends. */
export type Payload<V extends Verb> = V extends Verb
  ? Parameters<ClientToServerEvents[V]>[0]
  : never;

/** What the request `V` gets back. */
export type ReplyTo<V extends Verb> = V extends Verb
  ? Parameters<NonNullable<Parameters<ClientToServerEvents[V]>[1]>>[0]
  : never;

/** An action's params: its inputs, by name (`action` itself is the action's name). */
export type ActionParams = Omit<Payload<'action'>, 'action'>;

/** Rejections and callback errors; `.response` holds the server's reply when there was one. */
export interface RequestError extends Error {
  response?: Response;
  code?: string;
}

export type Callback<R = Response> = (
  err: RequestError | null,
  response?: R,
  delta?: number,
) => void;
export type ConnectedCallback = (err: Error | null, details?: Details) => void;

/** What the server announces as `window.ActionHeroWebSocketConfig` (/actionhero-ws/config.js). */
export interface Config {
  path?: string;
  transports?: string[];
  /** There only when the server has sign-in on (auth.mode), for pages; the client ignores it. */
  signIn?: { mode: string; required: boolean };
}

/** What the handshake carries (the server's `handshake.auth`): sign-in reads `token`. */
export interface HandshakeAuth {
  token?: string;
  [key: string]: unknown;
}

/** Asked at every connection and reconnection; call `send` with the handshake's auth. */
export type AuthProvider = (send: (auth: HandshakeAuth) => void) => void;

/** A sign-in: the handshake's auth itself, or a function asked for it at every (re)connection. */
export type Auth = HandshakeAuth | AuthProvider;

/** The part of socket.io-client's Socket this client uses. */
export interface Socket {
  connected: boolean;
  on(event: string, fn: (...args: never[]) => void): unknown;
  off(event: string, fn: (...args: never[]) => void): unknown;
  emit(event: string, ...args: unknown[]): unknown;
  connect(): unknown;
  disconnect(): unknown;
  /** False once the server refused the connection: socket.io will not try again by itself. */
  readonly active?: boolean;
  /** True when the server recovered the connection's state (connectionStateRecovery). */
  readonly recovered?: boolean;
}

/** The part of socket.io-client's `io` this client calls. */
export type Io = (url: string | undefined, options: Record<string, unknown>) => unknown;

export interface Options {
  /** Server URL; default: the page's own origin (required in Node). */
  url?: string;
  /** socket.io path; default: `ActionHeroWebSocketConfig.path`, else `/socket.io`. */
  path?: string;
  /** socket.io transports; default: `ActionHeroWebSocketConfig.transports`. */
  transports?: string[];
  /** socket.io-client's `io`; default: `window.io`, socket.io-client in Node, or loaded. */
  io?: Io;
  /**
   * Sign-in: `{ token }`, sent in the handshake (never in the URL), or a function asked for it at
   * every connection and reconnection, so a refreshed token is the one sent. Default: none.
   */
  auth?: Auth;
  /** Per-request timeout in ms (default 30000). */
  timeout?: number;
  reconnectionDelay?: number;
  reconnectionDelayMax?: number;
  /** Passed on to `io()` as is (`auth` aside, which the option above replaces when set). */
  socketOptions?: Record<string, unknown>;
}

/** The events a client emits, and what their listeners get. */
export interface Events {
  /** Connected (again), in the rooms it was in, with fresh details. */
  connected: (details: Details) => void;
  disconnected: (reason: string) => void;
  /**
   * The connection is back; `connected` follows once the rooms are rejoined. `recovered`: the
   * server kept this connection's state (its connectionStateRecovery setting, after a short
   * drop): same id, still in its rooms, and the messages said meanwhile arrive as `say` events,
   * so the client rejoins nothing.
   */
  reconnected: (info: Reconnection) => void;
  welcome: ServerToClientEvents['welcome'];
  say: ServerToClientEvents['say'];
  bye: ServerToClientEvents['bye'];
  /** Replies to requests sent without an acknowledgement (this client always sends one). */
  response: ServerToClientEvents['response'];
  /**
   * A connection error, a failed room restore, or a listener that threw. When the server refused
   * the connection (`client.state` is then `refused`), `err.message` is its text, such as
   * `Error: you must sign in`.
   */
  error: (err: Error) => void;
  timeout: (err: RequestError, verb: Verb, payload: Payload<Verb>) => void;
}

/** What `reconnected` tells. */
export interface Reconnection {
  /** The server recovered the connection: nothing was missed, nothing is rejoined. */
  recovered: boolean;
}

/** `refused`: the server turned the connection away; it stays so until `reconnect()`. */
export type State = 'connecting' | 'connected' | 'reconnecting' | 'refused' | 'quit';

type Listener = (...args: never[]) => void;

// A request waiting for its acknowledgement (or, while disconnected, for the connection).
interface Pending {
  verb: Verb;
  payload: Payload<Verb>;
  callback: Callback<never>;
  timer?: ReturnType<typeof setTimeout>;
  sentAt?: number;
}

// The globals this file touches, typed here so its declarations need no DOM lib.
interface ScriptElement {
  src: string;
  async: boolean;
  onload: (() => void) | null;
  onerror: (() => void) | null;
}
interface Globals {
  io?: Io;
  ActionHeroWebSocketConfig?: Config;
  document?: {
    createElement(tag: 'script'): ScriptElement;
    head: { appendChild(el: ScriptElement): unknown };
  };
}
// Node's CommonJS `module`, there only when Node requires the classic-script form.
declare const module: { require(id: string): unknown } | undefined;

const globals = globalThis as unknown as Globals;
const DEFAULT_PATH = '/socket.io';
const DEFAULT_TIMEOUT = 30000;
let ioLoading: Promise<Io> | undefined;

function scriptLoaded(src: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const doc = globals.document;
    if (!doc) return reject(new Error('no document to load ' + src + ' into'));
    const script = doc.createElement('script');
    script.src = src;
    script.async = false;
    script.onload = () => resolve();
    script.onerror = () =>
      reject(
        new Error(
          `could not load ${src}: switch on socket.io's serveClient setting, or load ` +
            "socket.io's client in the page before this script",
        ),
      );
    doc.head.appendChild(script);
  });
}

// Finds socket.io's `io`: the option, the page's global, socket.io-client in Node (required by
// the CommonJS form, imported by the ES module), or (in a browser) the script socket.io itself
// serves at `${path}/socket.io.js`, loaded once per page.
function findIo(options: Options, base: string, path: string): Promise<Io> {
  if (options.io) return Promise.resolve(options.io);
  if (globals.io) return Promise.resolve(globals.io);
  if (!globals.document) {
    const name = 'socket.io-client';
    if (typeof module === 'object' && module) {
      return Promise.resolve((module.require(name) as { io: Io }).io);
    }
    return import(name).then((loaded: { io: Io }) => loaded.io);
  }
  if (!ioLoading) {
    ioLoading = scriptLoaded(base + path + '/socket.io.js').then(() => {
      if (globals.io) return globals.io;
      throw new Error('socket.io.js loaded but defined no `io`');
    });
  }
  return ioLoading;
}

/** A connection to an actionHero web-socket server, kept up until `quit()`. */
export class ActionHeroWebSocket {
  /** Per-request timeout in ms (default 30 s); a reply clears it. */
  timeout: number;
  state: State = 'connecting';
  /** The latest `detailsView` details, refreshed on every (re)connect. */
  details: Details | undefined;
  /** The room this client is in; rejoined after a reconnect. */
  room: string | undefined;
  /** Rooms this client listens to; relistened after a reconnect. */
  rooms: string[] = [];
  /** The welcome message of the current connection. */
  welcome: WelcomeMessage | undefined;
  /** The underlying socket.io-client Socket, once created. */
  socket: Socket | undefined;

  private readonly options: Options;
  private readonly listeners = new Map<string, Listener[]>();
  private readonly queue: Pending[] = [];
  private readonly inFlight = new Set<Pending>();
  private ready = false;
  private everConnected = false;
  private announced = false;
  /** Why the server refused the connection, while `state` is `refused`. */
  private refusal: Error | undefined;
  /** The constructor's callback, until the first connection or refusal. */
  private connectedCallback: ConnectedCallback | undefined;

  constructor(options?: Options, connectedCallback?: ConnectedCallback);
  constructor(connectedCallback: ConnectedCallback);
  constructor(options?: Options | ConnectedCallback, connectedCallback?: ConnectedCallback) {
    if (typeof options === 'function') {
      connectedCallback = options;
      options = undefined;
    }
    const config = globals.ActionHeroWebSocketConfig ?? {};
    this.options = { path: config.path, transports: config.transports, ...options };
    this.timeout = this.options.timeout ?? DEFAULT_TIMEOUT;
    this.connectedCallback = connectedCallback;
    const base = this.options.url ? this.options.url.replace(/\/+$/, '') : '';
    const path = (this.options.path ?? DEFAULT_PATH).replace(/\/+$/, '');
    findIo(this.options, base, path).then(
      (io) => this.connect(io, path),
      (err: Error) => this.emit('error', err),
    );
  }

  // ---- events --------------------------------------------------------------------------

  on<E extends keyof Events>(event: E, listener: Events[E]): this {
    const list = this.listeners.get(event) ?? [];
    list.push(listener);
    this.listeners.set(event, list);
    return this;
  }

  once<E extends keyof Events>(event: E, listener: Events[E]): this {
    const wrapper = ((...args: never[]) => {
      this.off(event, wrapper);
      (listener as Listener)(...args);
    }) as Events[E];
    return this.on(event, wrapper);
  }

  off<E extends keyof Events>(event: E, listener?: Events[E]): this {
    const list = this.listeners.get(event) ?? [];
    this.listeners.set(event, listener ? list.filter((l) => l !== listener) : []);
    return this;
  }

  removeListener<E extends keyof Events>(event: E, listener?: Events[E]): this {
    return this.off(event, listener);
  }

  /** Calls the listeners of `event`; a throwing listener is reported, never breaks the client. */
  emit(event: string, ...args: unknown[]): boolean {
    const list = (this.listeners.get(event) ?? []).slice();
    for (const listener of list) {
      try {
        (listener as (...a: unknown[]) => void)(...args);
      } catch (err) {
        if (event === 'error') console.error(err);
        else this.emit('error', err);
      }
    }
    return list.length > 0;
  }

  // ---- requests: with a callback they return nothing, without one a Promise -------------

  /** Runs the action `name` with `params` (its inputs). */
  action(name: string, params: ActionParams, callback: Callback<ReplyTo<'action'>>): void;
  action(name: string, callback: Callback<ReplyTo<'action'>>): void;
  action(name: string, params?: ActionParams): Promise<ReplyTo<'action'>>;
  action(name: string, params?: ActionParams | Callback, callback?: Callback) {
    if (typeof params === 'function') return this.request('action', { action: name }, params);
    return this.request('action', { ...params, action: name }, callback);
  }

  /** Says `message` to the others in this client's room and to those listening to it. */
  say(message: Payload<'say'>['message'], callback: Callback<ReplyTo<'say'>>): void;
  say(message: Payload<'say'>['message']): Promise<ReplyTo<'say'>>;
  say(message: Payload<'say'>['message'], callback?: Callback<ReplyTo<'say'>>) {
    return this.request('say', { message }, callback);
  }

  /** The members of this client's room. */
  roomView(callback: Callback<ReplyTo<'roomView'>>): void;
  roomView(): Promise<ReplyTo<'roomView'>>;
  roomView(callback?: Callback<ReplyTo<'roomView'>>) {
    return this.request('roomView', {}, callback);
  }

  /** Moves this client to `room`. */
  roomChange(room: Payload<'roomChange'>['room'], callback: Callback<ReplyTo<'roomChange'>>): void;
  roomChange(room: Payload<'roomChange'>['room']): Promise<ReplyTo<'roomChange'>>;
  roomChange(room: Payload<'roomChange'>['room'], callback?: Callback<ReplyTo<'roomChange'>>) {
    return this.request('roomChange', { room }, callback);
  }

  /** Also hears what is said in `room`. */
  listenToRoom(
    room: Payload<'listenToRoom'>['room'],
    callback: Callback<ReplyTo<'listenToRoom'>>,
  ): void;
  listenToRoom(room: Payload<'listenToRoom'>['room']): Promise<ReplyTo<'listenToRoom'>>;
  listenToRoom(
    room: Payload<'listenToRoom'>['room'],
    callback?: Callback<ReplyTo<'listenToRoom'>>,
  ) {
    return this.request('listenToRoom', { room }, callback);
  }

  /** Stops hearing `room`. */
  silenceRoom(
    room: Payload<'silenceRoom'>['room'],
    callback: Callback<ReplyTo<'silenceRoom'>>,
  ): void;
  silenceRoom(room: Payload<'silenceRoom'>['room']): Promise<ReplyTo<'silenceRoom'>>;
  silenceRoom(room: Payload<'silenceRoom'>['room'], callback?: Callback<ReplyTo<'silenceRoom'>>) {
    return this.request('silenceRoom', { room }, callback);
  }

  /** This connection's details (also kept in `details`). */
  detailsView(callback: Callback<ReplyTo<'detailsView'>>): void;
  detailsView(): Promise<ReplyTo<'detailsView'>>;
  detailsView(callback?: Callback<ReplyTo<'detailsView'>>) {
    return this.request('detailsView', {}, callback);
  }

  /**
   * Connects again, asking `auth` again, or with the `auth` given (`{}` connects anonymously):
   * to sign in or out, or to try again after a refusal. Requests awaiting a reply fail as on any
   * lost connection; the room and listened rooms are restored as after any reconnection.
   */
  reconnect(auth?: Auth): void {
    if (this.state === 'quit') return;
    if (auth !== undefined) this.options.auth = auth;
    this.refusal = undefined;
    const socket = this.socket;
    // Not created yet (socket.io's client is still loading): its first handshake takes `auth`.
    if (!socket) return;
    socket.disconnect();
    this.state = this.everConnected ? 'reconnecting' : 'connecting';
    socket.connect();
  }

  /** Leaves for good: tells the server, closes the socket, stops reconnecting. */
  quit(): void {
    if (this.state === 'quit') return;
    this.state = 'quit';
    this.ready = false;
    const socket = this.socket;
    if (socket?.connected) socket.emit('quit', {}, () => undefined);
    socket?.disconnect();
    this.failAll(this.queue.splice(0), 'the client has quit');
  }

  private request<V extends Verb>(
    verb: V,
    payload: Payload<V>,
    callback?: Callback<ReplyTo<V>>,
  ): Promise<ReplyTo<V>> | undefined {
    if (callback) {
      this.enqueue(verb, payload, callback);
      return undefined;
    }
    return new Promise<ReplyTo<V>>((resolve, reject) => {
      this.enqueue(verb, payload, (err, response) =>
        err ? reject(err) : resolve(response as ReplyTo<V>),
      );
    });
  }

  private enqueue<V extends Verb>(verb: V, payload: Payload<V>, callback: Callback<ReplyTo<V>>) {
    if (this.state === 'quit') {
      callback(new Error('the client has quit'));
      return;
    }
    if (this.refusal) {
      callback(Object.assign(new Error(this.refusal.message), { response: undefined }));
      return;
    }
    const pending: Pending = { verb, payload, callback };
    pending.timer = setTimeout(() => this.expire(pending), this.timeout);
    if (this.ready) this.send(pending);
    else this.queue.push(pending);
  }

  private send(pending: Pending): void {
    const socket = this.socket as Socket;
    this.inFlight.add(pending);
    pending.sentAt = Date.now();
    const ack = (reply: unknown) => {
      if (!this.inFlight.delete(pending)) return; // already timed out or failed
      clearTimeout(pending.timer);
      const response = (reply && typeof reply === 'object' ? reply : { reply }) as Response;
      const delta = Date.now() - (pending.sentAt as number);
      this.track(pending.verb, pending.payload, response);
      const callback = pending.callback as Callback;
      if (response.error !== undefined) {
        const err = Object.assign(new Error(String(response.error)), { response });
        callback(err, response, delta);
      } else {
        callback(null, response, delta);
      }
    };
    socket.emit(pending.verb, pending.payload, ack);
  }

  private expire(pending: Pending): void {
    const index = this.queue.indexOf(pending);
    if (index >= 0) this.queue.splice(index, 1);
    if (index < 0 && !this.inFlight.delete(pending)) return;
    const err = Object.assign(new Error(`${pending.verb} timed out after ${this.timeout} ms`), {
      code: 'ETIMEDOUT',
      response: undefined,
    });
    this.emit('timeout', err, pending.verb, pending.payload);
    pending.callback(err);
  }

  private failAll(list: Iterable<Pending>, reason: string): void {
    for (const pending of list) {
      clearTimeout(pending.timer);
      pending.callback(Object.assign(new Error(reason), { response: undefined }));
    }
  }

  // Remembers the room and listened rooms the server confirmed, to restore them on reconnect.
  private track(verb: Verb, payload: Payload<Verb>, reply: ReplyBase): void {
    const response = reply as Reply<{ room: unknown; details: Details }>;
    if (response.error !== undefined) return;
    const asked = (payload as { room?: unknown }).room;
    const room = typeof response.room === 'string' ? response.room : String(asked);
    if (verb === 'roomChange') this.room = room;
    if (verb === 'listenToRoom' && !this.rooms.includes(room)) this.rooms.push(room);
    if (verb === 'silenceRoom') this.rooms = this.rooms.filter((r) => r !== room);
    if (verb === 'detailsView' && response.details) {
      this.details = response.details;
      this.room = response.details.room;
    }
  }

  // ---- connection ----------------------------------------------------------------------

  private connect(io: Io, path: string): void {
    if (this.state === 'quit') return;
    const options: Record<string, unknown> = {
      path,
      reconnection: true,
      reconnectionDelay: this.options.reconnectionDelay ?? 1000,
      reconnectionDelayMax: this.options.reconnectionDelayMax ?? 5000,
      ...this.options.socketOptions,
    };
    if (this.options.transports) options.transports = this.options.transports;
    // socket.io asks a function at every handshake: the `auth` of now is sent, be it a token
    // refreshed by the user's function or one given to reconnect().
    const fallback = options.auth as Auth | undefined;
    options.auth = (send: (auth: HandshakeAuth) => void) => {
      const auth = this.options.auth ?? fallback ?? {};
      if (typeof auth === 'function') auth(send);
      else send(auth);
    };
    const socket = io(this.options.url, options) as Socket;
    this.socket = socket;
    socket.on('connect', () => void this.onConnect());
    socket.on('disconnect', (reason: string) => this.onDisconnect(reason));
    socket.on('connect_error', (err: Error) => this.onConnectError(socket, err));
    socket.on('welcome', (message: WelcomeMessage) => {
      this.welcome = message;
      this.emit('welcome', message);
    });
    socket.on('say', (message: SayMessage) => this.emit('say', message));
    socket.on('bye', (message: ByeMessage) => this.emit('bye', message));
    // Replies to requests sent without an acknowledgement; this client always sends one.
    socket.on('response', (message: Response) => this.emit('response', message));
  }

  private async onConnect(): Promise<void> {
    const socket = this.socket as Socket;
    const reconnect = this.everConnected;
    // A recovered connection is still in its rooms: rejoining would announce it again.
    const recovered = reconnect && socket.recovered === true;
    this.everConnected = true;
    this.ready = false;
    if (reconnect && this.announced) this.emit('reconnected', { recovered });
    try {
      if (reconnect && !recovered) await this.rejoin(socket);
      this.ready = socket.connected && this.state !== 'quit';
      if (!this.ready) return;
      this.state = 'connected';
      for (const pending of this.queue.splice(0)) this.send(pending);
      const reply = await this.direct(socket, 'detailsView', {});
      this.track('detailsView', {}, reply);
      // The server's word on a recovered connection's rooms: it may have taken it out of a
      // private room its new token no longer lists.
      if (recovered && reply.details) this.rooms = reply.details.listeningRooms.slice();
      this.announced = true;
      this.callBack(null, this.details);
      this.emit('connected', this.details);
    } catch (err) {
      // The socket dropped while rejoining; the next `connect` starts over.
      if (socket.connected) this.emit('error', err);
    }
  }

  // The server turned the handshake away (a connection middleware: sign-in, for one). socket.io
  // does not try again after that, and neither does this client: the same handshake would be
  // refused again, so the text goes to the user, the requests waiting fail with it at once
  // rather than at their timeout, and `reconnect()` is the way back (with another token, say).
  // Other connection errors (the server unreachable) leave socket.io retrying.
  private onConnectError(socket: Socket, err: Error): void {
    if (socket.active === false && this.state !== 'quit') {
      this.state = 'refused';
      this.refusal = err;
      this.ready = false;
      this.failAll(this.queue.splice(0), err.message);
      this.callBack(err);
    }
    this.emit('error', err);
  }

  // The constructor's callback, called once: connected, or refused.
  private callBack(err: Error | null, details?: Details): void {
    const callback = this.connectedCallback;
    this.connectedCallback = undefined;
    if (!callback) return;
    try {
      callback(err, details);
    } catch (error) {
      this.emit('error', error);
    }
  }

  // Puts a new connection back in this client's room and listened rooms.
  private async rejoin(socket: Socket): Promise<void> {
    const current = await this.direct(socket, 'detailsView', {});
    const wanted = this.room;
    if (wanted !== undefined && current.details && current.details.room !== wanted) {
      const reply = await this.direct(socket, 'roomChange', { room: wanted });
      if (reply.error !== undefined) this.emit('error', new Error(String(reply.error)));
    }
    for (const room of this.rooms.slice()) {
      const reply = await this.direct(socket, 'listenToRoom', { room });
      if (reply.error !== undefined && !/already listening/.test(String(reply.error))) {
        this.emit('error', new Error(String(reply.error)));
      }
    }
  }

  // A request of the client's own, sent at once and bounded by the timeout.
  private direct<V extends Verb>(
    socket: Socket,
    verb: V,
    payload: Payload<V>,
  ): Promise<ReplyTo<V>> {
    return new Promise((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        socket.off('disconnect', onDrop);
      };
      const onDrop = () => {
        done();
        reject(new Error('disconnected'));
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`${verb} timed out`));
      }, this.timeout);
      socket.on('disconnect', onDrop);
      const ack = (reply: unknown) => {
        done();
        resolve((reply && typeof reply === 'object' ? reply : {}) as ReplyTo<V>);
      };
      socket.emit(verb, payload, ack);
    });
  }

  private onDisconnect(reason: string): void {
    this.ready = false;
    // Replies to requests already sent can no longer arrive; requests still queued wait.
    const lost = [...this.inFlight];
    this.inFlight.clear();
    this.failAll(lost, `the connection was lost before the reply (${reason})`);
    if (this.state === 'quit') {
      this.emit('disconnected', reason);
      return;
    }
    this.state = 'reconnecting';
    this.emit('disconnected', reason);
    // socket.io reconnects by itself except when the server closed the socket on purpose.
    if (reason === 'io server disconnect') {
      const delay = this.options.reconnectionDelay ?? 1000;
      setTimeout(() => {
        if (this.state !== 'quit') this.socket?.connect();
      }, delay);
    }
  }
}

export default ActionHeroWebSocket;
