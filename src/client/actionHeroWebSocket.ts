// actionHeroWebSocket.js: the client for actionHero's web-socket protocol over socket.io 4.
//
// In a page, after the server's config (its socket.io `path` and `transports`):
//   <script src="/actionhero-ws/config.js"></script>
//   <script src="/public/javascript/actionHeroWebSocket.js"></script>
// Both `ActionHeroWebSocket` and `actionHeroWebSocket` then name the class on `window`. The client
// needs socket.io's `io`: when the page has not loaded `${path}/socket.io.js` itself, the client
// loads it from the server (socket.io serves it while the `serveClient` setting is on) and sends
// the requests made meanwhile once connected.
// In Node: `const ActionHeroWebSocket = require('./actionHeroWebSocket.js')` (or a default
// `import`), then `new ActionHeroWebSocket({ url: 'http://localhost:8080', io })` with `io` from
// socket.io-client (found by itself when installed). Types: actionHeroWebSocket.d.ts.

(function (root: unknown) {
  'use strict';

  type Listener = (...args: never[]) => void;
  type Callback = (err: Error | null, response?: Response, delta?: number) => void;
  type Ack = (response: unknown) => void;

  // The shape of a reply: always `context: "response"` and `messageCount`, then `status` or `error`.
  interface Response {
    context?: string;
    messageCount?: number;
    status?: string;
    error?: string;
    room?: string;
    details?: Details;
    [key: string]: unknown;
  }

  interface Details {
    id: string;
    room: string;
    listeningRooms: string[];
    [key: string]: unknown;
  }

  // The small part of socket.io-client's Socket and Manager this client uses.
  interface Socket {
    connected: boolean;
    id?: string;
    io: { on(event: string, fn: (...args: never[]) => void): unknown };
    on(event: string, fn: (...args: never[]) => void): unknown;
    off(event: string, fn: (...args: never[]) => void): unknown;
    emit(event: string, payload: unknown, ack: Ack): unknown;
    connect(): unknown;
    disconnect(): unknown;
  }

  type Io = (url: string | undefined, options: Record<string, unknown>) => Socket;

  interface Config {
    path?: string;
    transports?: string[];
  }

  interface Options extends Config {
    url?: string;
    io?: Io;
    timeout?: number;
    reconnectionDelay?: number;
    reconnectionDelayMax?: number;
    socketOptions?: Record<string, unknown>;
  }

  // A request waiting for its acknowledgement (or, while disconnected, for the connection).
  interface Pending {
    verb: string;
    payload: Record<string, unknown>;
    callback: Callback;
    timer?: ReturnType<typeof setTimeout>;
    sentAt?: number;
  }

  // The browser globals this file touches, typed locally so it also compiles without the DOM lib.
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
    ActionHeroWebSocket?: unknown;
    actionHeroWebSocket?: unknown;
  }

  const globals = root as Globals;
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

  // Finds socket.io's `io`: the option, the page's global, Node's require, or (in a browser)
  // the script socket.io itself serves at `${path}/socket.io.js`, loaded once per page.
  function findIo(options: Options, base: string, path: string): Promise<Io> {
    if (options.io) return Promise.resolve(options.io);
    if (globals.io) return Promise.resolve(globals.io);
    if (!globals.document && typeof require === 'function') {
      return Promise.resolve((require('socket.io-client') as { io: Io }).io);
    }
    if (!ioLoading) {
      ioLoading = scriptLoaded(base + path + '/socket.io.js').then(() => {
        if (globals.io) return globals.io;
        throw new Error('socket.io.js loaded but defined no `io`');
      });
    }
    return ioLoading;
  }

  class ActionHeroWebSocket {
    /** Per-request timeout in ms (default 30 s); a reply clears it. */
    timeout: number;
    /** `connecting`, `connected`, `reconnecting` or `quit`. */
    state = 'connecting';
    /** The latest `detailsView` details, refreshed on every (re)connect. */
    details: Details | undefined;
    /** The room this client is in; rejoined after a reconnect. */
    room: string | undefined;
    /** Rooms this client listens to; relistened after a reconnect. */
    rooms: string[] = [];
    /** The welcome message of the current connection. */
    welcome: Response | undefined;
    socket: Socket | undefined;

    private readonly options: Options;
    private readonly listeners = new Map<string, Listener[]>();
    private readonly queue: Pending[] = [];
    private readonly inFlight = new Set<Pending>();
    private ready = false;
    private everConnected = false;
    private announced = false;

    constructor(
      options?: Options | ((err: Error | null, details?: Details) => void),
      connectedCallback?: (err: Error | null, details?: Details) => void,
    ) {
      if (typeof options === 'function') {
        connectedCallback = options;
        options = undefined;
      }
      const config = globals.ActionHeroWebSocketConfig ?? {};
      this.options = { ...config, ...options };
      this.timeout = this.options.timeout ?? DEFAULT_TIMEOUT;
      if (connectedCallback) {
        const callback = connectedCallback;
        this.once('connected', (details: Details) => callback(null, details));
      }
      const base = this.options.url ? this.options.url.replace(/\/+$/, '') : '';
      const path = (this.options.path ?? DEFAULT_PATH).replace(/\/+$/, '');
      findIo(this.options, base, path).then(
        (io) => this.connect(io, path),
        (err: Error) => this.emit('error', err),
      );
    }

    // ---- events --------------------------------------------------------------------------

    on(event: string, listener: (...args: never[]) => void): this {
      const list = this.listeners.get(event) ?? [];
      list.push(listener);
      this.listeners.set(event, list);
      return this;
    }

    once(event: string, listener: (...args: never[]) => void): this {
      const wrapper = (...args: never[]) => {
        this.off(event, wrapper);
        listener(...args);
      };
      return this.on(event, wrapper);
    }

    off(event: string, listener?: (...args: never[]) => void): this {
      const list = this.listeners.get(event) ?? [];
      this.listeners.set(event, listener ? list.filter((l) => l !== listener) : []);
      return this;
    }

    removeListener(event: string, listener?: (...args: never[]) => void): this {
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

    // ---- requests ------------------------------------------------------------------------

    action(name: string, params?: Record<string, unknown> | Callback, callback?: Callback) {
      if (typeof params === 'function') return this.request('action', { action: name }, params);
      return this.request('action', { ...params, action: name }, callback);
    }

    say(message: string, callback?: Callback) {
      return this.request('say', { message }, callback);
    }

    roomView(callback?: Callback) {
      return this.request('roomView', {}, callback);
    }

    roomChange(room: string, callback?: Callback) {
      return this.request('roomChange', { room }, callback);
    }

    listenToRoom(room: string, callback?: Callback) {
      return this.request('listenToRoom', { room }, callback);
    }

    silenceRoom(room: string, callback?: Callback) {
      return this.request('silenceRoom', { room }, callback);
    }

    detailsView(callback?: Callback) {
      return this.request('detailsView', {}, callback);
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

    /** Sends a request; with a callback returns nothing, without one returns a Promise. */
    private request(verb: string, payload: Record<string, unknown>, callback?: Callback) {
      if (callback) {
        this.enqueue(verb, payload, callback);
        return undefined;
      }
      return new Promise<Response>((resolve, reject) => {
        this.enqueue(verb, payload, (err, response) =>
          err ? reject(err) : resolve(response as Response),
        );
      });
    }

    private enqueue(verb: string, payload: Record<string, unknown>, callback: Callback): void {
      if (this.state === 'quit') {
        callback(new Error('the client has quit'));
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
      socket.emit(pending.verb, pending.payload, (reply: unknown) => {
        if (!this.inFlight.delete(pending)) return; // already timed out or failed
        clearTimeout(pending.timer);
        const response = (reply && typeof reply === 'object' ? reply : { reply }) as Response;
        const delta = Date.now() - (pending.sentAt as number);
        this.track(pending.verb, pending.payload, response);
        if (response.error !== undefined) {
          const err = Object.assign(new Error(String(response.error)), { response });
          pending.callback(err, response, delta);
        } else {
          pending.callback(null, response, delta);
        }
      });
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
    private track(verb: string, payload: Record<string, unknown>, response: Response): void {
      if (response.error !== undefined) return;
      const room = typeof response.room === 'string' ? response.room : String(payload.room);
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
      const socket = io(this.options.url, options);
      this.socket = socket;
      socket.on('connect', () => void this.onConnect());
      socket.on('disconnect', (reason: string) => this.onDisconnect(reason));
      socket.on('connect_error', (err: Error) => this.emit('error', err));
      socket.on('welcome', (message: Response) => {
        this.welcome = message;
        this.emit('welcome', message);
      });
      socket.on('say', (message: Response) => this.emit('say', message));
      socket.on('bye', (message: Response) => this.emit('bye', message));
      // Replies to requests sent without an acknowledgement; this client always sends one.
      socket.on('response', (message: Response) => this.emit('response', message));
    }

    private async onConnect(): Promise<void> {
      const socket = this.socket as Socket;
      const reconnect = this.everConnected;
      this.everConnected = true;
      this.ready = false;
      if (reconnect && this.announced) this.emit('reconnected');
      try {
        if (reconnect) await this.rejoin(socket);
        this.ready = socket.connected && this.state !== 'quit';
        if (!this.ready) return;
        this.state = 'connected';
        for (const pending of this.queue.splice(0)) this.send(pending);
        const reply = await this.direct(socket, 'detailsView', {});
        this.track('detailsView', {}, reply);
        this.announced = true;
        this.emit('connected', this.details);
      } catch (err) {
        // The socket dropped while rejoining; the next `connect` starts over.
        if (socket.connected) this.emit('error', err);
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
    private direct(
      socket: Socket,
      verb: string,
      payload: Record<string, unknown>,
    ): Promise<Response> {
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
        socket.emit(verb, payload, (reply: unknown) => {
          done();
          resolve((reply && typeof reply === 'object' ? reply : {}) as Response);
        });
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

  if (typeof module !== 'object' || !module) {
    globals.ActionHeroWebSocket = ActionHeroWebSocket;
    globals.actionHeroWebSocket = ActionHeroWebSocket;
  } else {
    module.exports = Object.assign(ActionHeroWebSocket, {
      ActionHeroWebSocket,
      actionHeroWebSocket: ActionHeroWebSocket,
      default: ActionHeroWebSocket,
    });
  }
})(globalThis);

// CommonJS globals, present only when Node loads this file; declared here because the file is
// type-checked both as a DOM script and as part of the generator's Node build.
declare const module: { exports: unknown } | undefined;
declare const require: ((id: string) => unknown) | undefined;
