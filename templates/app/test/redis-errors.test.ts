// What a cache action says when Redis fails: "not connected" only when the connection is
// missing; a Redis Cluster that is failing over or moving slots is named as such. And the Redis
// version read for sharded pub/sub (Redis 7).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { unavailableReason } from '../src/redis/errors.js';
import { redisMajor } from '../src/redis/version.js';

describe('Redis error reasons', () => {
  it('says "not connected" for a missing connection to one Redis', () => {
    for (const message of [
      "Stream isn't writeable and enableOfflineQueue options is false",
      'Connection is closed.',
      'connect ECONNREFUSED 127.0.0.1:6379',
      'Command timed out',
    ]) {
      assert.equal(unavailableReason(new Error(message), false), 'Redis is not connected');
    }
  });

  it('names the cluster for MOVED, ASK, TRYAGAIN, CLUSTERDOWN and a master out of reach', () => {
    const reason = (message: string): string => unavailableReason(new Error(message), true);
    assert.match(
      reason('CLUSTERDOWN The cluster is down'),
      /^the Redis Cluster is down \(CLUSTERDOWN/,
    );
    assert.match(
      reason(
        'Too many Cluster redirections. Last error: ReplyError: CLUSTERDOWN The cluster is down',
      ),
      /^the Redis Cluster is down/,
    );
    assert.match(reason('MOVED 3999 127.0.0.1:6381'), /^the Redis Cluster is moving slots \(MOVED/);
    assert.match(reason('ASK 3999 127.0.0.1:6381'), /moving slots \(ASK/);
    assert.match(reason('TRYAGAIN Multiple keys request during rehashing of slot'), /\(TRYAGAIN/);
    for (const message of [
      'Too many Cluster redirections. Last error: Error: Connection is closed.',
      'Connection is closed.',
    ]) {
      assert.match(reason(message), /^the Redis Cluster has a master out of reach/);
    }
    assert.equal(
      reason("Cluster isn't ready and enableOfflineQueue options is false"),
      'the Redis Cluster is not connected',
    );
    for (const message of ['CLUSTERDOWN x', 'MOVED 1 a:1', 'Connection is closed.'])
      assert.doesNotMatch(reason(message), /not connected/);
  });

  it('passes any other reply on, first line only', () => {
    assert.equal(
      unavailableReason(new Error('OOM command not allowed\nmore'), false),
      'Redis answered: OOM command not allowed',
    );
  });
});

describe('the Redis version sharded pub/sub needs', () => {
  it('reads the major version from INFO server', () => {
    assert.equal(redisMajor('# Server\r\nredis_version:7.0.15\r\nredis_mode:cluster\r\n'), 7);
    assert.equal(redisMajor('# Server\r\nredis_version:6.2.14\r\n'), 6);
    assert.equal(redisMajor('# Server\r\n'), undefined);
  });
});
