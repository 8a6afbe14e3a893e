import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from './config.js';

const valid = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/tracker',
  REDIS_URL: 'redis://127.0.0.1:6379',
  JWT_SECRET: 'a'.repeat(32),
};

function problemOf(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig(valid);
    expect(config.http).toEqual({ host: '127.0.0.1', port: 3000, publicUrl: 'http://localhost:3000' });
    expect(config.auth.jwtExpiresIn).toBe('8h');
    expect(config.database).toMatchObject({ connectTimeoutMs: 3000, poolSize: 10, migrationsRun: false });
    expect(config.uploads.maxBytes).toBe(20 * 1024 * 1024);
  });

  it('converts numbers and booleans and derives the public URL from the port', () => {
    const config = loadConfig({ ...valid, PORT: '8080', MIGRATIONS_RUN: 'true', DB_POOL_SIZE: '3' });
    expect(config.http.port).toBe(8080);
    expect(config.http.publicUrl).toBe('http://localhost:8080');
    expect(config.database.migrationsRun).toBe(true);
    expect(config.database.poolSize).toBe(3);
  });

  it('names a missing variable', () => {
    expect(problemOf({ REDIS_URL: valid.REDIS_URL, JWT_SECRET: valid.JWT_SECRET })).toBe(
      'Configuration error: DATABASE_URL is missing',
    );
    expect(problemOf({ ...valid, REDIS_URL: '' })).toBe('Configuration error: REDIS_URL is missing');
  });

  it('names a malformed variable and says what is wrong', () => {
    expect(problemOf({ ...valid, DATABASE_URL: 'mysql://x' })).toBe(
      'Configuration error: DATABASE_URL is invalid: must be a postgres:// URL',
    );
    expect(problemOf({ ...valid, PORT: '70000' })).toMatch(/^Configuration error: PORT is invalid/);
    expect(problemOf({ ...valid, NODE_ENV: 'staging' })).toMatch(/^Configuration error: NODE_ENV is invalid/);
    expect(problemOf({ ...valid, JWT_EXPIRES_IN: 'soon' })).toMatch(/^Configuration error: JWT_EXPIRES_IN is invalid/);
  });
});
