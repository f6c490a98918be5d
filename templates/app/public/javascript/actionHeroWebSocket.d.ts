// Declarations of src/client/script-types.ts (generator-actionhero-ws), emitted by tsc.
import type * as Client from './actionHeroWebSocket.mjs';
declare global {
  /** The client (the name seed-era pages use). */
  var actionHeroWebSocket: typeof Client.ActionHeroWebSocket;
  /** The client. */
  var ActionHeroWebSocket: typeof Client.ActionHeroWebSocket;
  /** A client. */
  interface ActionHeroWebSocket extends Client.ActionHeroWebSocket {}
  namespace ActionHeroWebSocket {
    type ActionParams = Client.ActionParams;
    type Auth = Client.Auth;
    type AuthProvider = Client.AuthProvider;
    type ByeMessage = Client.ByeMessage;
    type Callback<R = Response> = Client.Callback<R>;
    type Config = Client.Config;
    type ConnectedCallback = Client.ConnectedCallback;
    type Details = Client.Details;
    type Events = Client.Events;
    type HandshakeAuth = Client.HandshakeAuth;
    type Io = Client.Io;
    type Options = Client.Options;
    type Payload<V extends Verb> = Client.Payload<V>;
    type Reconnection = Client.Reconnection;
    type ReplyTo<V extends Verb> = Client.ReplyTo<V>;
    type RequestError = Client.RequestError;
    type Response = Client.Response;
    type SayMessage = Client.SayMessage;
    type Socket = Client.Socket;
    type State = Client.State;
    type Verb = Client.Verb;
    type WelcomeMessage = Client.WelcomeMessage;
  }
  /** The server's socket.io `path` and `transports`, set by /actionhero-ws/config.js. */
  var ActionHeroWebSocketConfig: Client.Config | undefined;
}
export = ActionHeroWebSocket;
