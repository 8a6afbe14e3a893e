import pg from 'pg';
import { migrate, withDatabase } from '../test/support/database.js';
import { startThrowawayPostgres, startThrowawayRedis } from '../test/support/test-services.js';

export interface BenchServices {
  databaseUrl: string;
  redisUrl: string;
  /** A plain client on the migrated database, for bulk SQL. */
  db: pg.Client;
  /** Undo what was started, last first; also register your own steps here. */
  cleanups: Array<() => Promise<unknown>>;
}

/**
 * A throwaway PostgreSQL (migrated) and Redis for one benchmark run. `keepPostgres` leaves
 * PostgreSQL running with its data at the end, for studying the statements in psql.
 */
export async function startBenchServices(
  cleanups: Array<() => Promise<unknown>>,
  options: { keepPostgres?: boolean } = {},
): Promise<BenchServices> {
  const postgres = await startThrowawayPostgres();
  if (!options.keepPostgres) cleanups.push(() => postgres.destroy());
  const redis = await startThrowawayRedis();
  cleanups.push(() => redis.destroy());
  const databaseUrl = withDatabase(postgres.url, 'postgres');
  await migrate(databaseUrl);
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  cleanups.push(() => db.end());
  return { databaseUrl, redisUrl: redis.url, db, cleanups };
}
