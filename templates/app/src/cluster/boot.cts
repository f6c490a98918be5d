// Worker entry under start:cluster. CommonJS on purpose: it must run before the event loop starts.
//
// The primary hands a connection to a worker over IPC (`process.on('message')`) as soon as the
// worker exists. A message that arrives while nobody listens is dropped, and with it the socket it
// carries: the request then hangs forever. An ES module entry cannot prevent that, because loading
// it (and socket.io, ajv, ...) is asynchronous and lets IPC messages through first. This file
// runs synchronously, so its listener is in place before any message can arrive; it holds every
// message until the app is ready, then worker.ts replays them.

import type { SendHandle } from 'node:child_process';
import type { HeldMessage } from './worker.js';

const held: HeldMessage[] = [];
const hold = (message: unknown, handle: SendHandle): void => {
  held.push({ message, handle });
};
process.on('message', hold);

import('./worker.js')
  .then((worker) => worker.startWorker(held, hold))
  .catch((err: unknown) => {
    console.error('worker failed to start:', err);
    process.exit(1);
  });
