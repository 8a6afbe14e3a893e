import { type DataSourceOptions } from 'typeorm';
import { migrations } from '../../../migrations/index.js';
import { entities } from './entities.js';

export interface DatabaseSettings {
  url: string;
  connectTimeoutMs?: number;
  poolSize?: number;
  migrationsRun?: boolean;
  logging?: boolean;
}

/** The one description of the database, shared by the apps, the CLI and the tests. */
export function dataSourceOptions(settings: DatabaseSettings): DataSourceOptions {
  return {
    type: 'postgres',
    url: settings.url,
    entities,
    migrations,
    migrationsRun: settings.migrationsRun ?? false,
    migrationsTransactionMode: 'each',
    synchronize: false,
    // gen_random_uuid() is built into PostgreSQL 13+; no extension to install.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    logging: settings.logging === false ? false : ['error', 'migration'],
    extra: {
      max: settings.poolSize ?? 10,
      // Fail fast while PostgreSQL is down instead of hanging requests.
      connectionTimeoutMillis: settings.connectTimeoutMs ?? 3000,
      idleTimeoutMillis: 30_000,
      application_name: 'pilot-task-tracker',
      // PostgreSQL's JIT misjudges the report aggregations and spends seconds compiling them
      // (measured: a per-agency roll-up 190–290 ms with it, 86–117 ms without, on 1M tasks).
      options: '-c jit=off',
    },
  };
}
