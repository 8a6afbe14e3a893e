import { register, createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

/**
 * Nest injects by the constructor parameter types that the compiler records as
 * decorator metadata; tsx (esbuild) does not record them. So the project's own
 * TypeScript is compiled with SWC, configured as the Jest transform is, through a
 * module hook registered before any of it is imported (the benchmarks and the
 * worker processes of the fault test use it). Resolution (`./x.js` → `./x.ts`) stays with tsx, so the process must run
 * under tsx (`npx tsx …` or `node --import tsx …`).
 */
export function compileProjectWithSwc(): void {
  const swc = pathToFileURL(createRequire(import.meta.url).resolve('@swc/core')).href;
  const root = new URL('../..', import.meta.url).href;
  const hook = `
    import { readFile } from 'node:fs/promises';
    import { fileURLToPath } from 'node:url';
    import swc from ${JSON.stringify(swc)};
    const options = {
      jsc: {
        target: 'es2023',
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
        keepClassNames: true,
      },
      module: { type: 'es6' },
      sourceMaps: 'inline',
    };
    export async function load(url, context, nextLoad) {
      if (!url.startsWith(${JSON.stringify(root)}) || !url.endsWith('.ts') || url.includes('/node_modules/')) {
        return nextLoad(url, context);
      }
      const filename = fileURLToPath(url);
      const { code } = await swc.transform(await readFile(filename, 'utf8'), { ...options, filename });
      return { format: 'module', source: code, shortCircuit: true };
    }`;
  register(`data:text/javascript,${encodeURIComponent(hook)}`);
}
