// Generated from src/client/actionHeroWebSocket.ts (generator-actionhero-ws) by
// scripts/build-client.ts: plain ES2020, no bundler, types stripped.

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

(function (root) {
  'use strict';

  const globals = root;
  const DEFAULT_PATH = '/socket.io';
  const DEFAULT_TIMEOUT = 30000;
  let ioLoading;

  function scriptLoaded(src) {
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
  function findIo(options, base, path) {
    if (options.io) return Promise.resolve(options.io);
    if (globals.io) return Promise.resolve(globals.io);
    if (!globals.document && typeof require === 'function') {
      return Promise.resolve(require('socket.io-client').io);
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
    constructor(options, connectedCallback) {
      /** `connecting`, `connected`, `reconnecting` or `quit`. */
      this.state = 'connecting';
      /** Rooms this client listens to; relistened after a reconnect. */
      this.rooms = [];
      this.listeners = new Map();
      this.queue = [];
      this.inFlight = new Set();
      this.ready = false;
      this.everConnected = false;
      this.announced = false;
      if (typeof options === 'function') {
        connectedCallback = options;
        options = undefined;
      }
      const config = globals.ActionHeroWebSocketConfig ?? {};
      this.options = { ...config, ...options };
      this.timeout = this.options.timeout ?? DEFAULT_TIMEOUT;
      if (connectedCallback) {
        const callback = connectedCallback;
        this.once('connected', (details) => callback(null, details));
      }
      const base = this.options.url ? this.options.url.replace(/\/+$/, '') : '';
      const path = (this.options.path ?? DEFAULT_PATH).replace(/\/+$/, '');
      findIo(this.options, base, path).then(
        (io) => this.connect(io, path),
        (err) => this.emit('error', err),
      );
    }

    // ---- events --------------------------------------------------------------------------

    on(event, listener) {
      const list = this.listeners.get(event) ?? [];
      list.push(listener);
      this.listeners.set(event, list);
      return this;
    }

    once(event, listener) {
      const wrapper = (...args) => {
        this.off(event, wrapper);
        listener(...args);
      };
      return this.on(event, wrapper);
    }

    off(event, listener) {
      const list = this.listeners.get(event) ?? [];
      this.listeners.set(event, listener ? list.filter((l) => l !== listener) : []);
      return this;
    }

    removeListener(event, listener) {
      return this.off(event, listener);
    }

    /** Calls the listeners of `event`; a throwing listener is reported, never breaks the client. */
    emit(event, ...args) {
      const list = (this.listeners.get(event) ?? []).slice();
      for (const listener of list) {
        try {
          listener(...args);
        } catch (err) {
          if (event === 'error') console.error(err);
          else this.emit('error', err);
        }
      }
      return list.length > 0;
    }

    // ---- requests ------------------------------------------------------------------------

    action(name, params, callback) {
      if (typeof params === 'function') return this.request('action', { action: name }, params);
      return this.request('action', { ...params, action: name }, callback);
    }

    say(message, callback) {
      return this.request('say', { message }, callback);
    }

    roomView(callback) {
      return this.request('roomView', {}, callback);
    }

    roomChange(room, callback) {
      return this.request('roomChange', { room }, callback);
    }

    listenToRoom(room, callback) {
      return this.request('listenToRoom', { room }, callback);
    }

    silenceRoom(room, callback) {
      return this.request('silenceRoom', { room }, callback);
    }

    detailsView(callback) {
      return this.request('detailsView', {}, callback);
    }

    /** Leaves for good: tells the server, closes the socket, stops reconnecting. */
    quit() {
      if (this.state === 'quit') return;
      this.state = 'quit';
      this.ready = false;
      const socket = this.socket;
      if (socket?.connected) socket.emit('quit', {}, () => undefined);
      socket?.disconnect();
      this.failAll(this.queue.splice(0), 'the client has quit');
    }

    /** Sends a request; with a callback returns nothing, without one returns a Promise. */
    request(verb, payload, callback) {
      if (callback) {
        this.enqueue(verb, payload, callback);
        return undefined;
      }
      return new Promise((resolve, reject) => {
        this.enqueue(verb, payload, (err, response) => (err ? reject(err) : resolve(response)));
      });
    }

    enqueue(verb, payload, callback) {
      if (this.state === 'quit') {
        callback(new Error('the client has quit'));
        return;
      }
      const pending = { verb, payload, callback };
      pending.timer = setTimeout(() => this.expire(pending), this.timeout);
      if (this.ready) this.send(pending);
      else this.queue.push(pending);
    }

    send(pending) {
      const socket = this.socket;
      this.inFlight.add(pending);
      pending.sentAt = Date.now();
      socket.emit(pending.verb, pending.payload, (reply) => {
        if (!this.inFlight.delete(pending)) return; // already timed out or failed
        clearTimeout(pending.timer);
        const response = reply && typeof reply === 'object' ? reply : { reply };
        const delta = Date.now() - pending.sentAt;
        this.track(pending.verb, pending.payload, response);
        if (response.error !== undefined) {
          const err = Object.assign(new Error(String(response.error)), { response });
          pending.callback(err, response, delta);
        } else {
          pending.callback(null, response, delta);
        }
      });
    }

    expire(pending) {
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

    failAll(list, reason) {
      for (const pending of list) {
        clearTimeout(pending.timer);
        pending.callback(Object.assign(new Error(reason), { response: undefined }));
      }
    }

    // Remembers the room and listened rooms the server confirmed, to restore them on reconnect.
    track(verb, payload, response) {
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

    connect(io, path) {
      if (this.state === 'quit') return;
      const options = {
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
      socket.on('disconnect', (reason) => this.onDisconnect(reason));
      socket.on('connect_error', (err) => this.emit('error', err));
      socket.on('welcome', (message) => {
        this.welcome = message;
        this.emit('welcome', message);
      });
      socket.on('say', (message) => this.emit('say', message));
      socket.on('bye', (message) => this.emit('bye', message));
      // Replies to requests sent without an acknowledgement; this client always sends one.
      socket.on('response', (message) => this.emit('response', message));
    }

    async onConnect() {
      const socket = this.socket;
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
    async rejoin(socket) {
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
    direct(socket, verb, payload) {
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
        socket.emit(verb, payload, (reply) => {
          done();
          resolve(reply && typeof reply === 'object' ? reply : {});
        });
      });
    }

    onDisconnect(reason) {
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
