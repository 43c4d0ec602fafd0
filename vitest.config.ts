import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(__dirname) } },
  test: {
    include: ["lib/**/*.test.ts", "components/**/*.test.ts", "gateway/**/*.test.ts", "scripts/**/*.test.ts", "app/**/*.test.ts"],
    globalSetup: ["lib/testing/global-setup.ts"],
    setupFiles: ["lib/testing/setup-database.ts"],
    pool: "forks",
    // Two cores: two workers, each with its own database (setup-database.ts).
    maxWorkers: 2,
    // Files in a worker share one module graph (Prisma client, spec parser,
    // gateway): importing it afresh per file cost more than half the suite's
    // time. Safe here: no file mocks modules or changes process.env, every
    // file makes its own users and organisations, and a worker's database is
    // its own (setup-database.ts migrates it once).
    isolate: false,
    // Hang detectors, not budgets: a 2-core machine shared with builds runs
    // scrypt and tsx start-ups several times slower than a quiet one.
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
