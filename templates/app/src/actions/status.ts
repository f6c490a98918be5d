// status: who this server is and how long it has been up.

import { defineAction } from '../core/action.js';

export default defineAction({
  name: 'status',
  description: 'The server name, uptime and a few process figures.',
  inputs: {},
  run(_params, { config, requester }) {
    return {
      serverName: config.general.serverName,
      uptime: Math.round(process.uptime() * 1000),
      nodeVersion: process.version,
      pid: process.pid,
      redis: config.redis.enable,
      requester: requester.id,
    };
  },
});
