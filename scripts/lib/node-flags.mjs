/**
 * Node flags for the processes the project runs (`npm start`, the Docker image and the
 * reports benchmark use these). The API's old space is capped: its live heap stays near
 * 100 MB even while it streams a million-row ledger, and without a cap V8 lets garbage
 * pile up to a few hundred MB before it collects (bench/README.md, "Reports").
 */
export const NODE_FLAGS = {
  api: ['--enable-source-maps', '--max-old-space-size=192'],
  worker: ['--enable-source-maps'],
};
