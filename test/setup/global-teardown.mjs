export default async function globalTeardown() {
  for (const service of globalThis.testServices ?? []) await service.destroy();
}
