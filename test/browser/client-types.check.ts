// Type-checked (never run): the seed-era page code and the documented uses of the client compile
// against its classic-script types, from source by tsconfig.client.json, and as built
// (public/javascript/actionHeroWebSocket.d.ts) by test/unit/client-build.test.ts.
const s = new actionHeroWebSocket();
s.on('connected', (details) => details.id.toUpperCase());
s.action('cacheTest', { key: 'k', value: 'v' }, function (err, response, delta) {
  if (err) return err.response?.error;
  return [response?.cacheTestResults, delta?.toFixed(0)];
});
void s.say('hello');
s.on('say', (message) => message.message + message.from + message.room);
s.on('error', (err) => err.message);

const typed = new ActionHeroWebSocket({ timeout: 1000, transports: ['polling'] }, (err, details) =>
  err ? err.message : details?.room,
);
const promised: Promise<ActionHeroWebSocket.Response> = typed.action('randomNumber');
promised.catch((err: ActionHeroWebSocket.RequestError) => err.response?.error);
typed.on('reconnected', () => void typed.roomView().then((r) => r.roomStatus));
typed.on('disconnected', (reason) => reason.length);
typed.on('timeout', (err, verb) => err.code + verb);
typed.roomChange('other', (err) => err?.message);
void typed.listenToRoom('third').then((r) => r.room);
typed.quit();
window.ActionHeroWebSocketConfig = { path: '/socket.io', transports: ['websocket'] };
