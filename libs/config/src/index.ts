export { type AppConfig, ConfigError, loadConfig, loadConfigOrExit } from './config.js';
export { APP_CONFIG, ConfigModule } from './config.module.js';
