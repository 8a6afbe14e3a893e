import { type ResponseSchemas } from '../../apps/api/src/openapi.js';

export declare const RESPONSE_SCHEMAS_FILE: string;
export declare function generateResponseSchemas(): ResponseSchemas;
export declare function responseSchemasModule(schemas: ResponseSchemas): string;
export declare function writeResponseSchemas(schemas: ResponseSchemas): void;
