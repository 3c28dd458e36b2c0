import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Db, Tx } from "@/db/client";
import { writeTransaction } from "@/db/write-transaction";
import type { Actor } from "@/lib/server/auth/roles";
import { whyForbidden } from "@/lib/server/auth/permission-messages";
import { can, type Permission } from "@/lib/server/auth/permissions";
import type { SecretBox } from "@/lib/server/crypto/secret-box";
import { recordAudit } from "@/lib/server/data/audit";
import { SafeError, forbidden, type FieldError } from "@/lib/server/errors";
import { NUL_MESSAGE, fieldWithNul } from "@/lib/server/text-input";

export interface OperationContext {
  db: Db;
  actor: Actor;
  requestId: string;
  /** Encrypts secrets at rest; operations that store secrets require it (see `secretsOf`). */
  secrets?: SecretBox;
}

export function secretsOf(ctx: OperationContext): SecretBox {
  if (!ctx.secrets) throw new Error("this operation stores secrets: pass the secret box in its context");
  return ctx.secrets;
}

/**
 * One domain mutation: validated input, a permission derived from it, a body that runs inside
 * one transaction, and the audit entry it leaves. Server actions and API routes both run
 * operations through `runOperation`, so neither can skip a step.
 */
export interface Operation<S extends z.ZodType, R> {
  name: string;
  input: S;
  /** The permission to check; may read the database (e.g. to learn an app's env types). */
  permission(input: z.infer<S>, ctx: OperationContext): Permission | Promise<Permission>;
  /**
   * Checks that need slow I/O (a DNS lookup), made after the permission and before the
   * transaction, so no write lock waits on them. Throws a SafeError naming the field.
   */
  check?(input: z.infer<S>, ctx: OperationContext): Promise<void>;
  execute(tx: Tx, input: z.infer<S>, ctx: OperationContext): Promise<R>;
  audit(input: z.infer<S>, result: R): { target: string; details?: Record<string, unknown> };
}

export function defineOperation<S extends z.ZodType, R>(op: Operation<S, R>): Operation<S, R> {
  return op;
}

export function fieldErrorsOf(error: z.ZodError): FieldError[] {
  return error.issues.map((i) => ({ field: i.path.map(String).join(".") || "(input)", message: i.message }));
}

export function parseInput<S extends z.ZodType>(schema: S, raw: unknown): z.infer<S> {
  const nul = fieldWithNul(raw);
  if (nul !== undefined) {
    const field = nul || "(input)";
    throw new SafeError("invalid", `${field}: ${NUL_MESSAGE}`, { fields: [{ field, message: NUL_MESSAGE }] });
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const fields = fieldErrorsOf(parsed.error);
    const summary = fields.map((f) => `${f.field}: ${f.message}`).join("; ");
    throw new SafeError("invalid", summary, { fields });
  }
  return parsed.data;
}

export async function runOperation<S extends z.ZodType, R>(
  op: Operation<S, R>,
  raw: unknown,
  ctx: Omit<OperationContext, "requestId"> & { requestId?: string },
): Promise<R> {
  const full: OperationContext = { ...ctx, requestId: ctx.requestId ?? randomUUID() };
  const input = parseInput(op.input, raw);
  const permission = await op.permission(input, full);
  if (!can(full.actor, permission)) throw forbidden(whyForbidden(full.actor, permission));
  await op.check?.(input, full);
  // Writers to one application (or, for the rest, the organisation) go one at a time.
  const scope = "appId" in permission ? `${full.actor.orgId}/apps/${permission.appId}` : full.actor.orgId;
  return await writeTransaction(full.db, scope, async (tx) => {
    const result = await op.execute(tx, input, full);
    const { target, details } = op.audit(input, result);
    await recordAudit(tx, {
      orgId: full.actor.orgId,
      actorId: full.actor.userId,
      actorEmail: full.actor.email,
      action: op.name,
      target,
      details,
      requestId: full.requestId,
    });
    return result;
  });
}
