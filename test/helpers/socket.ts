// A socket.io client of a generated server, resolved once the server has said `welcome`.
import { io, type Socket } from 'socket.io-client';

export type Transport = 'websocket' | 'polling';

/** Connects (no reconnection) and waits for `welcome`; rejects on connect_error or after 10 s. */
export function welcomed(url: string, transports: Transport[] = ['websocket']): Promise<Socket> {
  const socket = io(url, { transports, reconnection: false, forceNew: true, timeout: 10_000 });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.close();
      reject(new Error(`no welcome from ${url}`));
    }, 10_000);
    socket.once('welcome', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('connect_error', (err: Error & { description?: unknown }) => {
      clearTimeout(timer);
      socket.close();
      // engine.io-client puts the HTTP status of a failed poll in `description`.
      const status = typeof err.description === 'number' ? ` (HTTP ${err.description})` : '';
      reject(new Error(`${err.message}${status} from ${url}`));
    });
  });
}
