// actionHeroWebSocket.js: the client for actionHero's web-socket protocol over socket.io 4, as a
// classic <script> and for Node's require (actionHeroWebSocket.mjs is the same client as an ES
// module).
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
// socket.io-client (found by itself when installed). Types: actionHeroWebSocket.d.ts, with the
// server's protocol in protocol/events.d.ts.
//
// Built from src/client/script.ts (generator-actionhero-ws) by scripts/build-client.ts.

(() => {
  // src/client/actionHeroWebSocket.mts
  var globals = globalThis;
  var DEFAULT_PATH = '/socket.io';
  var DEFAULT_TIMEOUT = 3e4;
  var ioLoading;
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
            `could not load ${src}: switch on socket.io's serveClient setting, or load socket.io's client in the page before this script`,
          ),
        );
      doc.head.appendChild(script);
    });
  }
  function findIo(options, base, path) {
    if (options.io) return Promise.resolve(options.io);
    if (globals.io) return Promise.resolve(globals.io);
    if (!globals.document) {
      const name = 'socket.io-client';
      if (typeof module === 'object' && module) {
        return Promise.resolve(module.require(name).io);
      }
      return import(name).then((loaded) => loaded.io);
    }
    if (!ioLoading) {
      ioLoading = scriptLoaded(base + path + '/socket.io.js').then(() => {
        if (globals.io) return globals.io;
        throw new Error('socket.io.js loaded but defined no `io`');
      });
    }
    return ioLoading;
  }
  var ActionHeroWebSocket = class {
    constructor(options, connectedCallback) {
      this.state = 'connecting';
      /** Rooms this client listens to; relistened after a reconnect. */
      this.rooms = [];
      this.listeners = /* @__PURE__ */ new Map();
      this.queue = [];
      this.inFlight = /* @__PURE__ */ new Set();
      this.ready = false;
      this.everConnected = false;
      this.announced = false;
      if (typeof options === 'function') {
        connectedCallback = options;
        options = void 0;
      }
      const config = globals.ActionHeroWebSocketConfig ?? {};
      this.options = { path: config.path, transports: config.transports, ...options };
      this.timeout = this.options.timeout ?? DEFAULT_TIMEOUT;
      this.connectedCallback = connectedCallback;
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
    /**
     * Connects again, asking `auth` again, or with the `auth` given (`{}` connects anonymously):
     * to sign in or out, or to try again after a refusal. Requests awaiting a reply fail as on any
     * lost connection; the room and listened rooms are restored as after any reconnection.
     */
    reconnect(auth) {
      if (this.state === 'quit') return;
      if (auth !== void 0) this.options.auth = auth;
      this.refusal = void 0;
      const socket = this.socket;
      if (!socket) return;
      socket.disconnect();
      this.state = this.everConnected ? 'reconnecting' : 'connecting';
      socket.connect();
    }
    /** Leaves for good: tells the server, closes the socket, stops reconnecting. */
    quit() {
      if (this.state === 'quit') return;
      this.state = 'quit';
      this.ready = false;
      const socket = this.socket;
      if (socket?.connected) socket.emit('quit', {}, () => void 0);
      socket?.disconnect();
      this.failAll(this.queue.splice(0), 'the client has quit');
    }
    request(verb, payload, callback) {
      if (callback) {
        this.enqueue(verb, payload, callback);
        return void 0;
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
      if (this.refusal) {
        callback(Object.assign(new Error(this.refusal.message), { response: void 0 }));
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
      const ack = (reply) => {
        if (!this.inFlight.delete(pending)) return;
        clearTimeout(pending.timer);
        const response = reply && typeof reply === 'object' ? reply : { reply };
        const delta = Date.now() - pending.sentAt;
        this.track(pending.verb, pending.payload, response);
        const callback = pending.callback;
        if (response.error !== void 0) {
          const err = Object.assign(new Error(String(response.error)), { response });
          callback(err, response, delta);
        } else {
          callback(null, response, delta);
        }
      };
      socket.emit(pending.verb, pending.payload, ack);
    }
    expire(pending) {
      const index = this.queue.indexOf(pending);
      if (index >= 0) this.queue.splice(index, 1);
      if (index < 0 && !this.inFlight.delete(pending)) return;
      const err = Object.assign(new Error(`${pending.verb} timed out after ${this.timeout} ms`), {
        code: 'ETIMEDOUT',
        response: void 0,
      });
      this.emit('timeout', err, pending.verb, pending.payload);
      pending.callback(err);
    }
    failAll(list, reason) {
      for (const pending of list) {
        clearTimeout(pending.timer);
        pending.callback(Object.assign(new Error(reason), { response: void 0 }));
      }
    }
    // Remembers the room and listened rooms the server confirmed, to restore them on reconnect.
    track(verb, payload, reply) {
      const response = reply;
      if (response.error !== void 0) return;
      const asked = payload.room;
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
    connect(io, path) {
      if (this.state === 'quit') return;
      const options = {
        path,
        reconnection: true,
        reconnectionDelay: this.options.reconnectionDelay ?? 1e3,
        reconnectionDelayMax: this.options.reconnectionDelayMax ?? 5e3,
        ...this.options.socketOptions,
      };
      if (this.options.transports) options.transports = this.options.transports;
      const fallback = options.auth;
      options.auth = (send) => {
        const auth = this.options.auth ?? fallback ?? {};
        if (typeof auth === 'function') auth(send);
        else send(auth);
      };
      const socket = io(this.options.url, options);
      this.socket = socket;
      socket.on('connect', () => void this.onConnect());
      socket.on('disconnect', (reason) => this.onDisconnect(reason));
      socket.on('connect_error', (err) => this.onConnectError(socket, err));
      socket.on('welcome', (message) => {
        this.welcome = message;
        this.emit('welcome', message);
      });
      socket.on('say', (message) => this.emit('say', message));
      socket.on('bye', (message) => this.emit('bye', message));
      socket.on('response', (message) => this.emit('response', message));
    }
    async onConnect() {
      const socket = this.socket;
      const reconnect = this.everConnected;
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
        if (recovered && reply.details) this.rooms = reply.details.listeningRooms.slice();
        this.announced = true;
        this.callBack(null, this.details);
        this.emit('connected', this.details);
      } catch (err) {
        if (socket.connected) this.emit('error', err);
      }
    }
    // The server turned the handshake away (a connection middleware: sign-in, for one). socket.io
    // does not try again after that, and neither does this client: the same handshake would be
    // refused again, so the text goes to the user, the requests waiting fail with it at once
    // rather than at their timeout, and `reconnect()` is the way back (with another token, say).
    // Other connection errors (the server unreachable) leave socket.io retrying.
    onConnectError(socket, err) {
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
    callBack(err, details) {
      const callback = this.connectedCallback;
      this.connectedCallback = void 0;
      if (!callback) return;
      try {
        callback(err, details);
      } catch (error) {
        this.emit('error', error);
      }
    }
    // Puts a new connection back in this client's room and listened rooms.
    async rejoin(socket) {
      const current = await this.direct(socket, 'detailsView', {});
      const wanted = this.room;
      if (wanted !== void 0 && current.details && current.details.room !== wanted) {
        const reply = await this.direct(socket, 'roomChange', { room: wanted });
        if (reply.error !== void 0) this.emit('error', new Error(String(reply.error)));
      }
      for (const room of this.rooms.slice()) {
        const reply = await this.direct(socket, 'listenToRoom', { room });
        if (reply.error !== void 0 && !/already listening/.test(String(reply.error))) {
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
        const ack = (reply) => {
          done();
          resolve(reply && typeof reply === 'object' ? reply : {});
        };
        socket.emit(verb, payload, ack);
      });
    }
    onDisconnect(reason) {
      this.ready = false;
      const lost = [...this.inFlight];
      this.inFlight.clear();
      this.failAll(lost, `the connection was lost before the reply (${reason})`);
      if (this.state === 'quit') {
        this.emit('disconnected', reason);
        return;
      }
      this.state = 'reconnecting';
      this.emit('disconnected', reason);
      if (reason === 'io server disconnect') {
        const delay = this.options.reconnectionDelay ?? 1e3;
        setTimeout(() => {
          if (this.state !== 'quit') this.socket?.connect();
        }, delay);
      }
    }
  };

  // src/client/script.ts
  if (typeof module !== 'object' || !module) {
    const globals2 = globalThis;
    globals2.ActionHeroWebSocket = ActionHeroWebSocket;
    globals2.actionHeroWebSocket = ActionHeroWebSocket;
  } else {
    module.exports = Object.assign(ActionHeroWebSocket, {
      ActionHeroWebSocket,
      actionHeroWebSocket: ActionHeroWebSocket,
      default: ActionHeroWebSocket,
    });
  }
})();
