// Jest runs in ESM mode (NestJS 12 is ESM-only); @swc/jest compiles TypeScript
// with decorator metadata, which Nest and TypeORM need.
const swc = [
  '@swc/jest',
  {
    jsc: {
      target: 'es2023',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      keepClassNames: true,
    },
    module: { type: 'es6' },
    sourceMaps: 'inline',
  },
];

// ESM-only packages that a CommonJS dependency require()s. Node 20 does that
// natively; Jest's module loader does not, so they are compiled to CommonJS.
const esmRequiredFromCommonJs = ['content-disposition', 'cookie'];
const toCommonJs = ['@swc/jest', { jsc: { target: 'es2023' }, module: { type: 'commonjs' } }];

const common = {
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': swc,
    [`/node_modules/(${esmRequiredFromCommonJs.join('|')})/.+\\.js$`]: toCommonJs,
  },
  transformIgnorePatterns: [`/node_modules/(?!(${esmRequiredFromCommonJs.join('|')})/)`],
  // Relative imports carry the .js suffix that Node's ESM resolution needs.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testEnvironment: 'node',
};

export default {
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/apps/**/*.spec.ts'],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/setup/global-setup.mjs',
      globalTeardown: '<rootDir>/test/setup/global-teardown.mjs',
    },
  ],
  // Global, not per project: Jest ignores a project's testTimeout. Integration tests start
  // workers and import documents, which takes seconds on a busy machine.
  testTimeout: 30000,
};
