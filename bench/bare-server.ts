// The reference: a bare socket.io 4 server with no application logic. `action` is answered
// through its acknowledgement with the generated server's reply fields; `say` is broadcast to the one room every connection joins. With REDIS_URL,
// the socket.io Redis adapter carries broadcasts between processes (B6).
import { createServer } from 'node:http';
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import { Server } from 'socket.io';

type Ack = (reply: unknown) => void;

const server = createServer();
const io = new Server(server);
const redisUrl = process.env.REDIS_URL;
if (redisUrl) {
  const pub = new Redis(redisUrl);
  io.adapter(createAdapter(pub, pub.duplicate()));
}

io.on('connection', (socket) => {
  void socket.join('room');
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
