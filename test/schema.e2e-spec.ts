import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../libs/database/src/data-source-options.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';

describe('database schema', () => {
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await new DataSource({ ...dataSourceOptions({ url: database.url }), logging: false }).initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  // The equivalent of `migration:generate --check`: a new entity field without a migration fails here.
  it('matches the entities exactly after the committed migrations', async () => {
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('has no migration left to run', async () => {
    expect(await dataSource.showMigrations()).toBe(false);
  });

  it('uses a C.UTF-8 database so that pg_trgm works on Chinese text', async () => {
    const [row] = await dataSource.query(
      'SELECT datcollate, pg_encoding_to_char(encoding) AS encoding FROM pg_database WHERE datname = current_database()',
    );
    expect(row).toEqual({ datcollate: 'C.UTF-8', encoding: 'UTF8' });
  });

  it('refuses rows that break the model rules', async () => {
    await expect(
      dataSource.query(
        `INSERT INTO users (email, display_name, password_hash, role) VALUES ('a@b.cn', 'a', 'h', 'agency')`,
      ),
    ).rejects.toThrow(/users_agency_check/);
    await expect(
      dataSource.query(
        `INSERT INTO users (email, display_name, password_hash, role) VALUES ('A@b.cn', 'a', 'h', 'admin')`,
      ),
    ).rejects.toThrow(/users_email_lowercase_check/);
    await expect(dataSource.query(`INSERT INTO agencies (name, kind) VALUES ('市财政局', 'ministry')`)).rejects.toThrow(
      /agencies_kind_check/,
    );
  });
});
