export { dataSourceOptions, type DatabaseSettings } from './data-source-options.js';
export { DatabaseModule } from './database.module.js';
export { entities } from './entities.js';
export { inTransaction } from './transaction.js';
