// The DataSource that the TypeORM CLI loads (migration:generate / run / revert).
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options.js';

const url = process.env.DATABASE_URL;
if (!url) {
  process.stderr.write('DATABASE_URL is missing\n');
  process.exit(1);
}

export default new DataSource(dataSourceOptions({ url }));
