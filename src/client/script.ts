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

// This file only puts the client where a page or `require` finds it; script-types.ts says the
// same for TypeScript.
import { ActionHeroWebSocket } from './actionHeroWebSocket.mjs';

// CommonJS's `module`, there only when Node loads this file.
declare const module: { exports: unknown } | undefined;

if (typeof module !== 'object' || !module) {
  const globals = globalThis as unknown as Record<string, unknown>;
  globals.ActionHeroWebSocket = ActionHeroWebSocket;
  globals.actionHeroWebSocket = ActionHeroWebSocket;
} else {
  module.exports = Object.assign(ActionHeroWebSocket, {
    ActionHeroWebSocket,
    actionHeroWebSocket: ActionHeroWebSocket,
    default: ActionHeroWebSocket,
  });
}
