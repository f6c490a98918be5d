// Types for actionHeroWebSocket.js, the client for actionHero's web-socket protocol over
// socket.io 4. Kept by hand beside the script; generator-actionhero-ws type-checks it against
// the client's source and a usage sample.

declare namespace ActionHeroWebSocket {
  /** Every reply: `context: "response"`, `messageCount`, then `status: "OK"` or `error`. */
  interface Response {
    context?: string;
    messageCount?: number;
    status?: string;
    error?: string;
    room?: string;
    details?: Details;
    [key: string]: unknown;
  }

  /** What `detailsView` tells about this connection. */
  interface Details {
    id: string;
    remoteIP?: string;
    remotePort?: number;
    connectedAt?: number;
    room: string;
    listeningRooms: string[];
    params?: Record<string, unknown>;
    totalActions?: number;
    pendingActions?: number;
    [key: string]: unknown;
  }

  /** A chat message: `say` from another connection in the room or a listened room. */
  interface SayMessage {
    message: string;
    room: string;
    from: string;
    context: string;
    sentAt: number;
    [key: string]: unknown;
  }

  /** Rejections and callback errors; `.response` holds the server's reply when there was one. */
  interface RequestError extends Error {
    response?: Response;
    code?: string;
  }

  type Callback = (err: RequestError | null, response?: Response, delta?: number) => void;
  type ConnectedCallback = (err: Error | null, details?: Details) => void;

  /** The part of socket.io-client's `io` this client calls. */
  type Io = (url: string | undefined, options: Record<string, unknown>) => unknown;

  interface Options {
    /** Server URL; default: the page's own origin (required in Node). */
    url?: string;
    /** socket.io path; default: `ActionHeroWebSocketConfig.path`, else `/socket.io`. */
    path?: string;
    /** socket.io transports; default: `ActionHeroWebSocketConfig.transports`. */
    transports?: string[];
    /** socket.io-client's `io`; default: `window.io`, `require('socket.io-client')`, or loaded. */
    io?: Io;
    /** Per-request timeout in ms (default 30000). */
    timeout?: number;
    reconnectionDelay?: number;
    reconnectionDelayMax?: number;
    /** Passed on to `io()` as is. */
    socketOptions?: Record<string, unknown>;
  }

  interface Events {
    connected: (details: Details) => void;
    disconnected: (reason: string) => void;
    reconnected: () => void;
    welcome: (message: { welcome: string; room: string; context: string }) => void;
    say: (message: SayMessage) => void;
    bye: (message: { bye: string; reason: string }) => void;
    error: (err: Error) => void;
    timeout: (err: RequestError, verb: string, payload: Record<string, unknown>) => void;
    response: (message: Response) => void;
  }
}

declare class ActionHeroWebSocket {
  constructor(
    options?: ActionHeroWebSocket.Options,
    connectedCallback?: ActionHeroWebSocket.ConnectedCallback,
  );
  constructor(connectedCallback: ActionHeroWebSocket.ConnectedCallback);

  /** Per-request timeout in ms; a reply clears it. */
  timeout: number;
  state: 'connecting' | 'connected' | 'reconnecting' | 'quit';
  details: ActionHeroWebSocket.Details | undefined;
  room: string | undefined;
  rooms: string[];
  welcome: ActionHeroWebSocket.Response | undefined;
  /** The underlying socket.io-client Socket, once created. */
  socket: unknown;

  on<E extends keyof ActionHeroWebSocket.Events>(
    event: E,
    listener: ActionHeroWebSocket.Events[E],
  ): this;
  once<E extends keyof ActionHeroWebSocket.Events>(
    event: E,
    listener: ActionHeroWebSocket.Events[E],
  ): this;
  off<E extends keyof ActionHeroWebSocket.Events>(
    event: E,
    listener?: ActionHeroWebSocket.Events[E],
  ): this;
  removeListener<E extends keyof ActionHeroWebSocket.Events>(
    event: E,
    listener?: ActionHeroWebSocket.Events[E],
  ): this;
  emit(event: string, ...args: unknown[]): boolean;

  action(
    name: string,
    params: Record<string, unknown>,
    callback: ActionHeroWebSocket.Callback,
  ): void;
  action(name: string, callback: ActionHeroWebSocket.Callback): void;
  action(name: string, params?: Record<string, unknown>): Promise<ActionHeroWebSocket.Response>;
  say(message: string, callback: ActionHeroWebSocket.Callback): void;
  say(message: string): Promise<ActionHeroWebSocket.Response>;
  roomView(callback: ActionHeroWebSocket.Callback): void;
  roomView(): Promise<ActionHeroWebSocket.Response>;
  roomChange(room: string, callback: ActionHeroWebSocket.Callback): void;
  roomChange(room: string): Promise<ActionHeroWebSocket.Response>;
  listenToRoom(room: string, callback: ActionHeroWebSocket.Callback): void;
  listenToRoom(room: string): Promise<ActionHeroWebSocket.Response>;
  silenceRoom(room: string, callback: ActionHeroWebSocket.Callback): void;
  silenceRoom(room: string): Promise<ActionHeroWebSocket.Response>;
  detailsView(callback: ActionHeroWebSocket.Callback): void;
  detailsView(): Promise<ActionHeroWebSocket.Response>;
  /** Leaves for good: tells the server, closes the socket, stops reconnecting. */
  quit(): void;
}

export = ActionHeroWebSocket;
export as namespace ActionHeroWebSocket;

declare global {
  // eslint-disable-next-line no-var
  var actionHeroWebSocket: typeof ActionHeroWebSocket;
  // eslint-disable-next-line no-var
  var ActionHeroWebSocketConfig: { path?: string; transports?: string[] } | undefined;
}
