// Prisma CLI configuration. The CLI runs its schema engine in WebAssembly
// through a driver adapter ("engine: js"), because these machines cannot
// download Prisma's native engine binaries. The two placeholder paths below
// stop the CLI from trying to download them at start.
import path from "node:path";
import { defineConfig } from "prisma/config";

process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= path.join(__dirname, "prisma", ".no-native-engine");
process.env.PRISMA_QUERY_ENGINE_LIBRARY ??= path.join(__dirname, "prisma", ".no-native-engine");

export default defineConfig({
  engine: "js",
  experimental: { adapter: true },
  schema: process.env.PORTICO_PRISMA_SCHEMA ?? "prisma/schema.prisma",
  async adapter() {
    const { PrismaBetterSQLite3 } = await import("@prisma/adapter-better-sqlite3");
    const url = process.env.PORTICO_PRISMA_CLI_SQLITE ?? "file:./data/prisma-cli.db";
    return new PrismaBetterSQLite3({ url });
  },
});
