import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": fileURLToPath(new URL(".", import.meta.url)) } },
  test: {
    include: ["tests/**/*.test.ts"],
    environment: "node",
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // A PostgreSQL run needs a shared secret key, as every PostgreSQL installation does (a fixed
    // one for tests), and its processes all run on this machine (the data directory is shared).
    env: process.env.BATON_DATABASE_URL ? { BATON_SECRET_KEY: process.env.BATON_SECRET_KEY ?? "7e57".repeat(16), BATON_DATA_DIR_SHARED: process.env.BATON_DATA_DIR_SHARED ?? "true" } : {},
  },
});
