import "server-only";
import { cache } from "react";
import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { getConfig } from "@/lib/server/config";
import { loadActor } from "@/lib/server/data/users";
import { getRuntime } from "@/lib/server/runtime";
import { authOptions } from "./auth-options";
import type { Actor } from "./roles";

/** The signed-in actor for this request (one lookup per request), or undefined. */
export const currentActor = cache(async (): Promise<Actor | undefined> => {
  const session = await getServerSession(await authOptions());
  const userId = (session?.user as { id?: string } | undefined)?.id;
  if (!userId) return undefined;
  return await loadActor((await getRuntime()).db, getConfig().BATON_ORG_ID, userId);
});

/** For pages: the actor, or a redirect to sign-in. */
export async function requireActor(): Promise<Actor> {
  const actor = await currentActor();
  if (!actor) redirect("/sign-in");
  return actor;
}
