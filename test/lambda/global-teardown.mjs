export default async function globalTeardown() {
  const server = globalThis.__PHI_API_PG__;
  if (server) await server.stop();
}
