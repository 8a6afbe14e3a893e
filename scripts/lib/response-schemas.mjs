// Turns the controllers' return types (apps/api/src/openapi-responses.ts) into
// JSON schemas for the OpenAPI document: one schema per operation id, and the
// named types they share as components. Run by `npm run openapi`; the result is
// committed, and test/openapi.e2e-spec.ts fails when it is stale.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as TJS from 'typescript-json-schema';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SOURCE = 'apps/api/src/openapi-responses.ts';
export const RESPONSE_SCHEMAS_FILE = 'apps/api/src/openapi-responses.generated.ts';

/** `import("/abs/path/x",{with:{…}}).Agency` → `Agency`; `CappedList<SnapshotTask>` → `CappedList_SnapshotTask`. */
function componentName(definitionName) {
  return definitionName
    .replace(/import\("[^"]*"(?:,\{with:\{[^}]*\}\})?\)\./g, '')
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/** Rewrites `#/definitions/…` references to components and drops what does not belong in a response schema. */
function rewrite(schema, names) {
  if (Array.isArray(schema)) return schema.map((item) => rewrite(item, names));
  if (schema === null || typeof schema !== 'object') return schema;
  const result = {};
  for (const [key, value] of Object.entries(schema)) {
    // Defaults come from object-literal initialisers in the code: values, not defaults.
    if (key === 'default' || key === '$schema') continue;
    // TypeORM's Relation<T> wrapper lends its own JSDoc to the entity it wraps.
    if (key === 'description' && typeof value === 'string' && value.startsWith('Wrapper type for relation')) continue;
    if (key === '$ref' && typeof value === 'string' && value.startsWith('#/definitions/')) {
      const name = names.get(decodeURIComponent(value.slice('#/definitions/'.length)));
      if (!name) throw new Error(`unknown reference ${value}`);
      result.$ref = `#/components/schemas/${name}`;
    } else {
      result[key] = rewrite(value, names);
    }
  }
  return result;
}

const RELATION_DECORATORS = new Set(['ManyToOne', 'OneToMany', 'OneToOne', 'ManyToMany']);

/**
 * What the entity classes' types do not say: relation properties are there only when a route
 * loads them, and columns marked `select: false` (password hashes, secrets, file bytes) never are.
 * Read from the TypeORM decorators in the source.
 */
function entityFacts(program) {
  const { ts } = TJS;
  const facts = [];
  for (const file of program.getSourceFiles()) {
    if (file.isDeclarationFile || !file.fileName.startsWith(`${ROOT}/libs/`)) continue;
    for (const node of file.statements) {
      if (!ts.isClassDeclaration(node)) continue;
      const decorators = (member) =>
        (ts.getDecorators(member) ?? []).map((decorator) => decorator.expression).filter(ts.isCallExpression);
      if (!decorators(node).some((call) => call.expression.getText(file) === 'Entity')) continue;
      const columns = new Set();
      const relations = new Set();
      const hidden = new Set();
      for (const member of node.members) {
        if (!ts.isPropertyDeclaration(member)) continue;
        const name = member.name.getText(file);
        for (const call of decorators(member)) {
          const callee = call.expression.getText(file);
          if (RELATION_DECORATORS.has(callee)) relations.add(name);
          else columns.add(name);
          const selectFalse = call.arguments.some(
            (argument) =>
              ts.isObjectLiteralExpression(argument) &&
              argument.properties.some(
                (property) =>
                  ts.isPropertyAssignment(property) &&
                  property.name.getText(file) === 'select' &&
                  property.initializer.kind === ts.SyntaxKind.FalseKeyword,
              ),
          );
          if (selectFalse) hidden.add(name);
        }
      }
      facts.push({ columns: [...columns].filter((c) => !hidden.has(c)), relations, hidden });
    }
  }
  return facts;
}

/** An entity's schema, or an object spread from one (`{ ...report, revisions }`), as the API answers it. */
function asAnswered(schema, entities) {
  if (Array.isArray(schema)) return schema.map((item) => asAnswered(item, entities));
  if (schema === null || typeof schema !== 'object') return schema;
  const result = Object.fromEntries(Object.entries(schema).map(([key, value]) => [key, asAnswered(value, entities)]));
  if (result.properties && typeof result.properties === 'object') {
    const keys = Object.keys(result.properties);
    const entity = entities.find((candidate) =>
      candidate.relations.size > 0 || candidate.hidden.size > 0
        ? candidate.columns.every((column) => keys.includes(column)) &&
          [...candidate.relations, ...candidate.hidden].some((name) => keys.includes(name))
        : false,
    );
    if (entity) {
      for (const name of entity.hidden) delete result.properties[name];
      if (Array.isArray(result.required)) {
        result.required = result.required.filter((name) => !entity.relations.has(name) && !entity.hidden.has(name));
      }
    }
  }
  return result;
}

const isNull = (schema) => schema?.type === 'null' && Object.keys(schema).length === 1;

/** JSON Schema's null types in OpenAPI 3.0's words (`nullable`), which the document is written in. */
function toOpenApi30(schema) {
  if (Array.isArray(schema)) return schema.map(toOpenApi30);
  if (schema === null || typeof schema !== 'object') return schema;
  let result = Object.fromEntries(Object.entries(schema).map(([key, value]) => [key, toOpenApi30(value)]));
  if (Array.isArray(result.type)) {
    const types = result.type.filter((type) => type !== 'null');
    const nullable = types.length < result.type.length;
    delete result.type;
    if (types.length === 1) result.type = types[0];
    else result.anyOf = types.map((type) => ({ type }));
    if (nullable) result.nullable = true;
  }
  if (Array.isArray(result.anyOf) && result.anyOf.some(isNull)) {
    const rest = result.anyOf.filter((option) => !isNull(option));
    delete result.anyOf;
    if (rest.length === 1 && rest[0].$ref) result = { ...result, allOf: rest, nullable: true };
    else if (rest.length === 1) result = { ...result, ...rest[0], nullable: true };
    else result = { ...result, anyOf: rest, nullable: true };
  }
  if ('const' in result) {
    result.enum = [result.const];
    delete result.const;
  }
  return result;
}

/** @returns {{ operations: Record<string, object>, components: Record<string, object> }} */
export function generateResponseSchemas() {
  const program = TJS.programFromConfig(path.join(ROOT, 'tsconfig.json'), [path.join(ROOT, SOURCE)]);
  const warn = console.warn;
  // The generator warns about every object-literal property it cannot read a default from.
  console.warn = () => {};
  // Every type the source exports: one per controller.
  const source = program.getSourceFile(path.join(ROOT, SOURCE));
  const responseTypes = source.statements
    .filter(
      (node) =>
        TJS.ts.isTypeAliasDeclaration(node) && node.modifiers?.some((m) => m.kind === TJS.ts.SyntaxKind.ExportKeyword),
    )
    .map((node) => node.name.text);
  let schema;
  try {
    const generator = TJS.buildGenerator(program, {
      required: true,
      ref: true,
      titles: false,
      // `npm run typecheck` checks the whole project; this program holds only the controllers.
      ignoreErrors: true,
    });
    if (!generator) throw new Error(`${SOURCE} does not compile`);
    schema = generator.getSchemaForSymbols(responseTypes);
  } finally {
    console.warn = warn;
  }

  const definitions = schema.definitions ?? {};
  const names = new Map();
  const taken = new Map();
  for (const definitionName of Object.keys(definitions)) {
    const name = componentName(definitionName);
    if (taken.has(name) && taken.get(name) !== definitionName) {
      throw new Error(`two response types would both be named ${name}: ${taken.get(name)} and ${definitionName}`);
    }
    taken.set(name, definitionName);
    names.set(definitionName, name);
  }

  // The generator names `Record<string, X>` but leaves its values out: put them back.
  const PRIMITIVES = { number: { type: 'number' }, string: { type: 'string' }, boolean: { type: 'boolean' } };
  for (const [definitionName, definition] of Object.entries(definitions)) {
    const value = /^Record<string,(.+)>$/.exec(definitionName)?.[1];
    if (!value || definition.properties || definition.additionalProperties) continue;
    if (PRIMITIVES[value]) definition.additionalProperties = PRIMITIVES[value];
    else if (names.has(value)) definition.additionalProperties = { $ref: `#/definitions/${encodeURIComponent(value)}` };
  }

  const operations = {};
  const components = {};
  for (const [definitionName, definition] of Object.entries(definitions)) {
    if (responseTypes.includes(definitionName)) {
      for (const [operationId, response] of Object.entries(definition.properties ?? {})) {
        operations[operationId] = rewrite(response, names);
      }
    } else {
      components[names.get(definitionName)] = rewrite(definition, names);
    }
  }
  const entities = entityFacts(program);
  const finish = (schema) => toOpenApi30(asAnswered(schema, entities));
  for (const [operationId, response] of Object.entries(operations)) operations[operationId] = finish(response);
  for (const [name, component] of Object.entries(components)) components[name] = finish(component);
  const sorted = (record) => Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
  return { operations: sorted(operations), components: sorted(components) };
}

/** The generated module's text. */
export function responseSchemasModule(schemas) {
  return (
    '// Generated by `npm run openapi` from apps/api/src/openapi-responses.ts. Do not edit.\n' +
    "import type { ResponseSchemas } from './openapi.js';\n\n" +
    `export const RESPONSE_SCHEMAS: ResponseSchemas = ${JSON.stringify(schemas, null, 2)};\n`
  );
}

export function writeResponseSchemas(schemas) {
  writeFileSync(path.join(ROOT, RESPONSE_SCHEMAS_FILE), responseSchemasModule(schemas));
}
