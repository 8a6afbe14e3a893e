import { spawnSync } from 'node:child_process';
import { describe, expect, it } from '@jest/globals';

function bootApi(env: Record<string, string>) {
  return spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'apps/api/src/main.ts'], {
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
}

const valid = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:1/tracker',
  REDIS_URL: 'redis://127.0.0.1:1',
  JWT_SECRET: 'x'.repeat(32),
};

describe('boot with a bad environment', () => {
  it('stops with one line naming a missing variable', () => {
    const result = bootApi({ REDIS_URL: valid.REDIS_URL, JWT_SECRET: valid.JWT_SECRET });
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual(['Configuration error: DATABASE_URL is missing']);
  });

  it('stops with one line naming a malformed variable', () => {
    const result = bootApi({ ...valid, PORT: 'eighty' });
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Configuration error: PORT is invalid/);
  });

  it('stops with one line when the JWT secret is too short', () => {
    const result = bootApi({ ...valid, JWT_SECRET: 'short' });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toMatch(/^Configuration error: JWT_SECRET is invalid: must be at least 32 characters/);
  });
});
