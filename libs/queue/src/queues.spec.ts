import { describe, expect, it } from '@jest/globals';
import { jobId } from './queues.js';
import { redisOptionsFromUrl } from './redis.js';

describe('jobId', () => {
  it('joins parts with dashes so the same work always gets the same id', () => {
    expect(jobId('reminder', 'a1b2', 'deadline', 20261121)).toBe('reminder-a1b2-deadline-20261121');
  });

  it('refuses ids BullMQ would reject', () => {
    expect(() => jobId('reminder', 'a:b')).toThrow(/must not contain ':'/);
    expect(() => jobId(42)).toThrow(/integer string/);
  });
});

describe('redisOptionsFromUrl', () => {
  it('reads host, port, credentials, database and TLS', () => {
    expect(redisOptionsFromUrl('rediss://user:p%40ss@cache.local:6380/2')).toEqual({
      host: 'cache.local',
      port: 6380,
      username: 'user',
      password: 'p@ss',
      db: 2,
      tls: {},
    });
    expect(redisOptionsFromUrl('redis://127.0.0.1')).toMatchObject({ port: 6379, db: 0, tls: undefined });
  });
});
