import { pgTable, text } from "drizzle-orm/pg-core";
import { createdAt } from "./common";

export const organizations = pgTable("organizations", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  createdAt: createdAt(),
});
