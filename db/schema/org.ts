import { sqliteTable, text } from "drizzle-orm/sqlite-core";
import { createdAt } from "./common";

export const organizations = sqliteTable("organizations", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  createdAt: createdAt(),
});
