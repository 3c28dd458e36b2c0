import { z } from "zod";

/** Humanitec's id rules (shared/reference/humanitec-model.md §1). */
const ID_RE = /^[a-z0-9](?:-?[a-z0-9]+)+$/;
const ID_HINT = "use lowercase letters, digits and single dashes, starting and ending with a letter or digit";

function idSchema(what: string, min: number, max: number) {
  return z
    .string({ error: `${what} id is required` })
    .trim()
    .min(min, `${what} id must be at least ${min} characters`)
    .max(max, `${what} id must be at most ${max} characters`)
    .regex(ID_RE, `${what} id is not valid: ${ID_HINT}`);
}

export const appIdSchema = idSchema("Application", 3, 50);
export const envIdSchema = idSchema("Environment", 2, 50);
export const envTypeIdSchema = idSchema("Environment type", 2, 63);
export const webhookIdSchema = idSchema("Webhook", 2, 50);
export const nameSchema = (what: string) =>
  z.string({ error: `${what} name is required` }).trim().min(1, `${what} name is required`).max(100, `${what} name must be at most 100 characters`);
