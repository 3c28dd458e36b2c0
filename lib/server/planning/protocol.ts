/** Messages between the planning pool and its worker threads (structured-cloned). */
import type { Plan, PlanInput } from "@/lib/engine/plan";

/** What a plan needs, as data: the engine's injectable functions cannot cross threads. */
export type PlanRequest = Omit<PlanInput, "drivers" | "templateEngine" | "match" | "resolveSecretRef">;

export interface PlanTask {
  id: number;
  input: PlanRequest;
}

export type PlanReply = { id: number; ok: true; plan: Plan } | { id: number; ok: false; message: string };
