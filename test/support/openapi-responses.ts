import { Ajv, type ValidateFunction } from 'ajv';
import * as addFormatsModule from 'ajv-formats';
import { type OpenAPIObject } from '@nestjs/swagger';

// ajv-formats is CommonJS with `exports.default`; how it arrives depends on the loader.
const addFormats = addFormatsModule.default as unknown as typeof addFormatsModule.default.default;

/** OpenAPI 3.0's `nullable` in JSON Schema's words, which Ajv reads. */
function jsonSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(jsonSchema);
  if (schema === null || typeof schema !== 'object') return schema;
  const { nullable, ...rest } = Object.fromEntries(
    Object.entries(schema).map(([key, value]) => [key, key === 'enum' ? value : jsonSchema(value)]),
  ) as Record<string, unknown>;
  if (nullable !== true) return rest;
  if (typeof rest.type === 'string') {
    return {
      ...rest,
      type: [rest.type, 'null'],
      ...(Array.isArray(rest.enum) ? { enum: [...rest.enum, null] } : {}),
    };
  }
  return { anyOf: [rest, { type: 'null' }] };
}

interface Route {
  method: string;
  pattern: RegExp;
  parameters: number;
  schema: object | undefined;
  name: string;
}

/**
 * Checks answers against the OpenAPI document's response schemas: for a request,
 * finds its route as the router would and validates the JSON body of a 2xx answer.
 */
export function responseChecker(document: OpenAPIObject) {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ $id: 'openapi.json', components: jsonSchema(document.components ?? {}) });
  const routes: Route[] = Object.entries(document.paths).flatMap(([path, operations]) =>
    Object.entries(
      operations as Record<string, { responses?: Record<string, { content?: Record<string, { schema?: object }> }> }>,
    )
      .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
      .map(([method, operation]) => {
        const success = Object.entries(operation.responses ?? {}).find(([status]) => /^2/.test(status))?.[1];
        return {
          method: method.toUpperCase(),
          name: `${method.toUpperCase()} ${path}`,
          pattern: new RegExp(`^${path.replace(/[.]/g, '\\.').replace(/\{[^}]+\}/g, '[^/]+')}$`),
          // Literal segments win over parameters, as in the router: /cases/adoptions is not /cases/{id}.
          parameters: (path.match(/\{/g) ?? []).length,
          schema: success?.content?.['application/json']?.schema,
        };
      }),
  );
  const validators = new Map<string, ValidateFunction>();

  function routeOf(method: string, url: string): Route | undefined {
    const path = url.split('?')[0];
    return routes
      .filter((r) => r.method === method && r.pattern.test(path))
      .sort((a, b) => a.parameters - b.parameters)[0];
  }

  /** The schema's complaints about a 2xx JSON answer (empty when it fits, or when there is nothing to check). */
  function problems(method: string, url: string, status: number, body: unknown): string[] {
    const route = routeOf(method, url);
    if (!route?.schema || status < 200 || status >= 300) return [];
    let validate = validators.get(route.name);
    if (!validate) {
      const schema = JSON.parse(
        JSON.stringify(route.schema).replaceAll('"#/components/', '"openapi.json#/components/'),
      );
      validate = ajv.compile(jsonSchema(schema) as object);
      validators.set(route.name, validate);
    }
    if (validate(body)) return [];
    return (validate.errors ?? []).map((error) => `${route.name}: ${error.instancePath || '/'} ${error.message}`);
  }

  return { routes, routeOf, problems };
}
