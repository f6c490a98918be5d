// Declarations of src/client/actionHeroWebSocket.mts (generator-actionhero-ws), emitted by tsc.
import type {
  ByeMessage,
  ClientToServerEvents,
  ConnectionDetails,
  Reply,
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
  signIn?: {
    mode: string;
    required: boolean;
  };
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
/** A connection to an actionHero web-socket server, kept up until `quit()`. */
export declare class ActionHeroWebSocket {
  /** Per-request timeout in ms (default 30 s); a reply clears it. */
  timeout: number;
  state: State;
  /** The latest `detailsView` details, refreshed on every (re)connect. */
  details: Details | undefined;
  /** The room this client is in; rejoined after a reconnect. */
  room: string | undefined;
  /** Rooms this client listens to; relistened after a reconnect. */
  rooms: string[];
  /** The welcome message of the current connection. */
  welcome: WelcomeMessage | undefined;
  /** The underlying socket.io-client Socket, once created. */
  socket: Socket | undefined;
  private readonly options;
  private readonly listeners;
  private readonly queue;
  private readonly inFlight;
  private ready;
  private everConnected;
  private announced;
  /** Why the server refused the connection, while `state` is `refused`. */
  private refusal;
  /** The constructor's callback, until the first connection or refusal. */
  private connectedCallback;
  constructor(options?: Options, connectedCallback?: ConnectedCallback);
  constructor(connectedCallback: ConnectedCallback);
  on<E extends keyof Events>(event: E, listener: Events[E]): this;
  once<E extends keyof Events>(event: E, listener: Events[E]): this;
  off<E extends keyof Events>(event: E, listener?: Events[E]): this;
  removeListener<E extends keyof Events>(event: E, listener?: Events[E]): this;
  /** Calls the listeners of `event`; a throwing listener is reported, never breaks the client. */
  emit(event: string, ...args: unknown[]): boolean;
  /** Runs the action `name` with `params` (its inputs). */
  action(name: string, params: ActionParams, callback: Callback<ReplyTo<'action'>>): void;
  action(name: string, callback: Callback<ReplyTo<'action'>>): void;
  action(name: string, params?: ActionParams): Promise<ReplyTo<'action'>>;
  /** Says `message` to the others in this client's room and to those listening to it. */
  say(message: Payload<'say'>['message'], callback: Callback<ReplyTo<'say'>>): void;
  say(message: Payload<'say'>['message']): Promise<ReplyTo<'say'>>;
  /** The members of this client's room. */
  roomView(callback: Callback<ReplyTo<'roomView'>>): void;
  roomView(): Promise<ReplyTo<'roomView'>>;
  /** Moves this client to `room`. */
  roomChange(room: Payload<'roomChange'>['room'], callback: Callback<ReplyTo<'roomChange'>>): void;
  roomChange(room: Payload<'roomChange'>['room']): Promise<ReplyTo<'roomChange'>>;
  /** Also hears what is said in `room`. */
  listenToRoom(
    room: Payload<'listenToRoom'>['room'],
    callback: Callback<ReplyTo<'listenToRoom'>>,
  ): void;
  listenToRoom(room: Payload<'listenToRoom'>['room']): Promise<ReplyTo<'listenToRoom'>>;
  /** Stops hearing `room`. */
  silenceRoom(
    room: Payload<'silenceRoom'>['room'],
    callback: Callback<ReplyTo<'silenceRoom'>>,
  ): void;
  silenceRoom(room: Payload<'silenceRoom'>['room']): Promise<ReplyTo<'silenceRoom'>>;
  /** This connection's details (also kept in `details`). */
  detailsView(callback: Callback<ReplyTo<'detailsView'>>): void;
  detailsView(): Promise<ReplyTo<'detailsView'>>;
  /**
   * Connects again, asking `auth` again, or with the `auth` given (`{}` connects anonymously):
   * to sign in or out, or to try again after a refusal. Requests awaiting a reply fail as on any
   * lost connection; the room and listened rooms are restored as after any reconnection.
   */
  reconnect(auth?: Auth): void;
  /** Leaves for good: tells the server, closes the socket, stops reconnecting. */
  quit(): void;
  private request;
  private enqueue;
  private send;
  private expire;
  private failAll;
  private track;
  private connect;
  private onConnect;
  private onConnectError;
  private callBack;
  private rejoin;
  private direct;
  private onDisconnect;
}
export default ActionHeroWebSocket;
