// Declarations of templates/app/src/protocol/events.ts (generator-actionhero-ws), emitted by tsc.
/** Fields every reply carries: the request number on this connection, and OK or an error. */
export interface ReplyBase {
  context: 'response';
  messageCount: number;
  status?: 'OK';
  error?: string;
}
/** A reply: the base fields plus whatever the verb (or the action) returned. */
export type Reply<T = Record<string, unknown>> = ReplyBase & Partial<T>;
export type Ack<T = Record<string, unknown>> = (reply: Reply<T>) => void;
export interface RoomStatus {
  room: string;
  members: string[];
  membersCount: number;
}
export interface ConnectionDetails {
  id: string;
  remoteIP: string;
  remotePort: number;
  connectedAt: number;
  room: string;
  listeningRooms: string[];
  params: Record<string, unknown>;
  totalActions: number;
  pendingActions: number;
  /** The signed-in user's subject (a token's `sub`), or null for an anonymous connection. */
  user: string | null;
}
export interface WelcomeMessage {
  welcome: string;
  room: string;
  context: 'api';
}
export interface SayMessage {
  message: string;
  room: string;
  from: string;
  context: 'user';
  sentAt: number;
}
export interface ByeMessage {
  bye: 'bye';
  reason: string;
}
/** Events the server emits. */
export interface ServerToClientEvents {
  welcome: (message: WelcomeMessage) => void;
  say: (message: SayMessage) => void;
  bye: (message: ByeMessage) => void;
  /** Replies to requests sent without an acknowledgement. */
  response: (reply: Reply) => void;
}
/**
 * Requests a client sends. One that takes an acknowledgement is answered through it (or, sent
 * without one, with a `response` event); one that takes nothing closes the connection. Each has
 * its entry in socket/verbs.ts.
 */
export interface ClientToServerEvents {
  action: (
    payload: {
      action: string;
    } & Record<string, unknown>,
    ack?: Ack,
  ) => void;
  say: (
    payload: {
      message: string;
    },
    ack?: Ack,
  ) => void;
  roomView: (
    payload: Record<string, never>,
    ack?: Ack<{
      room: string;
      roomStatus: RoomStatus;
    }>,
  ) => void;
  roomChange: (
    payload: {
      room: string;
    },
    ack?: Ack<{
      room: string;
    }>,
  ) => void;
  listenToRoom: (
    payload: {
      room: string;
    },
    ack?: Ack<{
      room: string;
    }>,
  ) => void;
  silenceRoom: (
    payload: {
      room: string;
    },
    ack?: Ack<{
      room: string;
    }>,
  ) => void;
  detailsView: (
    payload: Record<string, never>,
    ack?: Ack<{
      details: ConnectionDetails;
    }>,
  ) => void;
  quit: () => void;
  exit: () => void;
  close: () => void;
}
/**
 * Who a connection (or an HTTP request) is, once a middleware has said so: sign-in puts a token's
 * claims here. Only `sub` is required; add typed claims by augmenting this interface.
 */
export interface User {
  sub: string;
  [claim: string]: unknown;
}
/** Per-connection state, kept in socket.data (visible to fetchSockets across nodes). */
export interface SocketData {
  connectedAt: number;
  remoteIP: string;
  remotePort: number;
  room: string;
  listeningRooms: string[];
  params: Record<string, unknown>;
  messageCount: number;
  totalActions: number;
  pendingActions: number;
  /** Set by a middleware (a connection's `create`, or a `preProcessor`); not sent to clients. */
  user?: User;
}
/** Between the nodes of a cluster (the Redis adapter's serverSideEmit). */
export interface InterServerEvents {
  /** A chat message for the recipients on each node, when a `say` middleware must see each one. */
  'chat:say': (message: SayMessage, rooms: string[], except: string) => void;
}
