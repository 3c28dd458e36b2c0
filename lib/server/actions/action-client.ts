import { withRequestInfo } from "@/lib/server/request-context";
import "server-only";
import { randomUUID } from "node:crypto";
import type { z } from "zod";
import { currentActor } from "@/lib/server/auth/session";
import type { Actor } from "@/lib/server/auth/roles";
import { whyForbidden } from "@/lib/server/auth/permission-messages";
import { can, type Permission } from "@/lib/server/auth/permissions";
import { SafeError, forbidden, type FieldError } from "@/lib/server/errors";
import { logger } from "@/lib/server/logger";
import { runOperation, type Operation } from "@/lib/server/operations/operation";
import { getRuntime } from "@/lib/server/runtime";

export type ActionResult<R> =
  | { ok: true; data: R }
  | { ok: false; error: string; code: string; fields?: FieldError[]; requestId: string };

/**
 * The one way a server action mutates: session → zod input → permission → transaction →
 * audit. Only a SafeError's message reaches the browser; anything else is logged with the
 * request id and reported generically.
 */
export async function runAction<S extends z.ZodType, R>(op: Operation<S, R>, raw: unknown): Promise<ActionResult<R>> {
  const requestId = randomUUID();
  const log = logger.child({ requestId, action: op.name });
  try {
    const actor = await currentActor();
    if (!actor) throw new SafeError("unauthenticated", "Your session has ended — sign in again");
    const { db, secrets } = await getRuntime();
    // portal changes are not API requests: the audit log names the operation instead of a path
    const data = await withRequestInfo({ method: "POST", path: `portal:${op.name}`, status: 200 }, async () => await runOperation(op, raw, { db, secrets, actor, requestId }));
    log.info({ actor: actor.userId }, "action succeeded");
    return { ok: true, data };
  } catch (err) {
    if (err instanceof SafeError) {
      log.info({ code: err.code }, "action refused");
      return { ok: false, error: err.message, code: err.code, fields: err.details?.fields, requestId };
    }
    log.error({ err }, "action failed");
    return { ok: false, error: `Something went wrong (request ${requestId}). The error has been logged.`, code: "internal", requestId };
  }
}

/**
 * For server actions that only read or compute (previews): the same session check, error
 * handling and logging as `runAction`, without a transaction or audit entry.
 */
export async function runReadAction<R>(
  name: string,
  fn: (ctx: { actor: Actor; requestId: string }) => Promise<R> | R,
  permission?: Permission,
): Promise<ActionResult<R>> {
  return await guarded(name, fn, permission);
}

/**
 * For changes made outside Baton's database (an environment's runtime in its cluster): `fn`
 * is a function that checks the right itself and records its own audit entry, also when the
 * cluster refuses (lib/server/deploy/environment-runtime.ts `changeRuntime`). A cluster call
 * has no place inside a database transaction, so it does not go through `runOperation`.
 */
export async function runClusterAction<R>(name: string, fn: (ctx: { actor: Actor; requestId: string }) => Promise<R>): Promise<ActionResult<R>> {
  return await guarded(name, fn);
}

async function guarded<R>(
  name: string,
  fn: (ctx: { actor: Actor; requestId: string }) => Promise<R> | R,
  permission?: Permission,
): Promise<ActionResult<R>> {
  const requestId = randomUUID();
  const log = logger.child({ requestId, action: name });
  try {
    const actor = await currentActor();
    if (!actor) throw new SafeError("unauthenticated", "Your session has ended — sign in again");
    if (permission && !can(actor, permission)) throw forbidden(whyForbidden(actor, permission));
    return { ok: true, data: await fn({ actor, requestId }) };
  } catch (err) {
    if (err instanceof SafeError) return { ok: false, error: err.message, code: err.code, fields: err.details?.fields, requestId };
    log.error({ err }, "action failed");
    return { ok: false, error: `Something went wrong (request ${requestId}). The error has been logged.`, code: "internal", requestId };
  }
}
