import { z } from "zod";
import { appIdSchema, envIdSchema } from "@/lib/validation/ids";

export const valueKeySchema = z
  .string({ error: "key is required" })
  .min(1, "key is required")
  .max(200, "key must be at most 200 characters")
  .regex(/^[A-Za-z0-9_.-]+$/, "key may contain letters, digits, '_', '.' and '-' only");

/** `envId` absent or "" addresses the application level. */
export const valueScopeSchema = z.object({ appId: appIdSchema, envId: z.union([z.literal(""), envIdSchema]).optional().default("") });
