/**
 * The body of a planning worker thread: plans what the pool sends, one request at a time,
 * with the installation's template budgets. Everything a definition's templates can do
 * happens here, so a runaway template costs this thread, never the thread serving users.
 */
import { parentPort, workerData } from "node:worker_threads";
import { createGoTemplateEngine } from "@/lib/engine/drivers";
import type { ExecutionLimits } from "@/lib/engine/gotemplate";
import { plan } from "@/lib/engine/plan";
import type { PlanReply, PlanTask } from "./protocol";

const { templateLimits } = workerData as { templateLimits: ExecutionLimits };
const templateEngine = createGoTemplateEngine({ limits: templateLimits });
const port = parentPort!;

port.on("message", (task: PlanTask) => {
  void plan({ ...task.input, templateEngine }).then(
    (result) => port.postMessage({ id: task.id, ok: true, plan: result } satisfies PlanReply),
    (err: unknown) => port.postMessage({ id: task.id, ok: false, message: err instanceof Error ? err.message : String(err) } satisfies PlanReply),
  );
});
port.postMessage({ ready: true });
