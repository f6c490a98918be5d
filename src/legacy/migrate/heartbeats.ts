// 0.9 `heartbeat interval` and `heartbeat timeout` (seconds) → pingInterval and pingTimeout
// (milliseconds). socket.io 4 waits pingTimeout after each ping, so the timeout is converted with
// the interval taken off: both are noted where they are read, and converted after every block.
import { show } from '../../shared/json.js';
import { LEGACY_HEARTBEAT_INTERVAL_S } from '../legacy-keys.js';
import type { MigrationContext } from './context.js';

const OPTIONS = 'webSockets.options';

export function heartbeat(
  ctx: MigrationContext,
  from: string,
  key: 'heartbeat interval' | 'heartbeat timeout',
  value: unknown,
): void {
  if (typeof value === 'number' && value > 0) {
    ctx.heartbeats[key === 'heartbeat interval' ? 'interval' : 'timeout'] = {
      from,
      seconds: value,
    };
  } else ctx.drop(from, `must be a number of seconds (got ${show(value)})`);
}

/** Runs after every block: writes pingInterval and pingTimeout from what `heartbeat` noted. */
export function convertHeartbeats(ctx: MigrationContext): void {
  const { interval, timeout } = ctx.heartbeats;
  if (interval) {
    ctx.move(interval.from, `${OPTIONS}.pingInterval`, Math.round(interval.seconds * 1000), {
      note: `${interval.seconds} s in milliseconds`,
    });
  }
  if (!timeout) return;
  const intervalSeconds = interval?.seconds ?? LEGACY_HEARTBEAT_INTERVAL_S;
  const ms = Math.round((timeout.seconds - intervalSeconds) * 1000);
  if (ms < 1000) {
    ctx.drop(
      timeout.from,
      `${timeout.seconds} s is not at least 1 s longer than the heartbeat interval (${intervalSeconds} s), so socket.io 4's default pingTimeout applies`,
    );
    return;
  }
  ctx.move(timeout.from, `${OPTIONS}.pingTimeout`, ms, {
    note: `(${timeout.seconds} s − ${intervalSeconds} s interval) in milliseconds: socket.io 4 waits pingTimeout after each ping`,
  });
}
