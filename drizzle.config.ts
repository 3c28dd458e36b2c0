import { defineConfig } from "drizzle-kit";

// Migrations are generated here and applied at start-up through the journal (db/migrate.ts);
// never `push`.
export default defineConfig({
  dialect: "sqlite",
  schema: "./db/schema/index.ts",
  out: "./db/migrations",
});
