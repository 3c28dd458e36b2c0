import { defineConfig } from "drizzle-kit";

// The PostgreSQL mirror of the SQLite schema (drizzle.config.ts); migrations are generated here,
// never `push`. The data layer does not use it yet.
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema-pg/index.ts",
  out: "./db/migrations-pg",
});
