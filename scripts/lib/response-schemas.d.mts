export interface ResponseSchemas {
  operations: Record<string, object>;
  components: Record<string, object>;
}
export declare const RESPONSE_SCHEMAS_FILE: string;
export declare function generateResponseSchemas(): ResponseSchemas;
export declare function responseSchemasModule(schemas: ResponseSchemas): string;
export declare function writeResponseSchemas(schemas: ResponseSchemas): void;
