// The reference: a bare socket.io 4 server with no application logic. `action` is answered
// through its acknowledgement with the generated server's reply fields; `say` is broadcast to
// the one room every connection joins. With REDIS_URL, a socket.io Redis adapter carries
// broadcasts between processes (B6, B11): BENCH_ADAPTER picks which, as redis.adapter does in the
// generated project (pubsub, the default; sharded; streams). BENCH_RECOVERY=1 switches
// connectionStateRecovery on (B12). BENCH_ANNOUNCE=N tells the room of each new connection, as
// the generated server's announcements do, while it holds at most N (an experiment, no case).
import { createServer } from 'node:http';
import { createAdapter, createShardedAdapter } from '@socket.io/redis-adapter';
import { createAdapter as createStreamsAdapter } from '@socket.io/redis-streams-adapter';
import { Redis } from 'ioredis';
import { Server, type ServerOptions } from 'socket.io';

type Ack = (reply: unknown) => void;

function redisAdapter(url: string, mode: string): ServerOptions['adapter'] {
  const pub = new Redis(url);
  switch (mode) {
    case 'pubsub':
      return createAdapter(pub, pub.duplicate());
    case 'sharded':
      return createShardedAdapter(pub, pub.duplicate());
    case 'streams':
      return createStreamsAdapter(pub);
    default:
      throw new Error(`BENCH_ADAPTER: must be pubsub, sharded or streams (got "${mode}")`);
  }
}

const server = createServer();
const io = new Server(
  server,
  process.env.BENCH_RECOVERY === '1' ? { connectionStateRecovery: {} } : {},
);
const redisUrl = process.env.REDIS_URL;
if (redisUrl) io.adapter(redisAdapter(redisUrl, process.env.BENCH_ADAPTER ?? 'pubsub'));

const announceUpTo = Number(process.env.BENCH_ANNOUNCE ?? 0);

io.on('connection', (socket) => {
  void socket.join('room');
  if ((io.sockets.adapter.rooms.get('room')?.size ?? 0) <= announceUpTo) {
    socket.to('room').emit('say', {
      message: 'I have entered the room',
      room: 'room',
      from: socket.id,
      context: 'user',
      sentAt: Date.now(),
    });
  }
  // The same reply fields as the generated server's `randomNumber`, so both encode as much.
  let messageCount = 0;
  socket.on('action', (_payload: unknown, ack: Ack) =>
    ack({
      randomNumber: Math.random(),
      context: 'response',
      messageCount: ++messageCount,
      status: 'OK',
    }),
  );
  socket.on('say', (payload: { message: string }, ack: Ack) => {
    socket.to('room').emit('say', {
      message: payload.message,
      room: 'room',
      from: socket.id,
      context: 'user',
      sentAt: Date.now(),
    });
    ack({ status: 'OK' });
  });
});

const port = Number(process.env.PORT ?? 0);
server.listen(port, process.env.BIND_IP ?? '127.0.0.1', () => {
  const address = server.address();
  console.log(`bare socket.io listening on ${typeof address === 'object' ? address?.port : port}`);
});
process.on('SIGTERM', () => {
  void io.close();
  process.exit(0);
});
