import { rmSync } from 'node:fs';

export default async function globalTeardown() {
  const server = globalThis.__PHI_API_PG__;
  if (server) await server.stop();
  if (globalThis.__PHI_API_PG_DIR__) rmSync(globalThis.__PHI_API_PG_DIR__, { recursive: true, force: true });
}
