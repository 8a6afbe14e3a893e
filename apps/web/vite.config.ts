import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/** The web UI: built into apps/web/dist, which the API serves at `/`. */
export default defineConfig({
  root,
  base: '/',
  // Vite 8 transforms TSX itself (Oxc); no React plugin is needed for a production build.
  oxc: { jsx: { runtime: 'automatic' } },
  server: {
    // `vite --config apps/web/vite.config.ts` during development, with the API on :3000.
    proxy: { '/api': 'http://127.0.0.1:3000', '/health': 'http://127.0.0.1:3000' },
  },
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      onwarn(warning, defaultHandler) {
        // antd's modules start with "use client", which means nothing in a client-only bundle.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        defaultHandler(warning);
      },
    },
  },
});
