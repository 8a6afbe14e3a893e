import 'reflect-metadata';
import { loadConfigOrExit } from '../../../libs/config/src/config.js';
import { createApiApp } from './create-api-app.js';

const config = loadConfigOrExit();
const app = await createApiApp(config);
await app.listen({ port: config.http.port, host: config.http.host });
process.stdout.write(`API listening on ${config.http.publicUrl} (OpenAPI: ${config.http.publicUrl}/api/docs)\n`);
