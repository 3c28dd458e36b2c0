import type { Command } from "commander";
import { applyJsonPatch } from "@/lib/engine/delta/json-patch";
import { remoteContext, runRemote, withConnectionOptions, type RemoteOptions } from "@/lib/cli/remote/command";
import { requireApp } from "@/lib/cli/remote/config";
import { CliError, usageError } from "@/lib/cli/remote/errors";
import { print } from "@/lib/cli/remote/output";
import { kindOf } from "./get";

const enc = encodeURIComponent;

/** A command-line value: JSON when it parses (objects, numbers, true), else the string itself. */
function parseValue(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

interface DeltaDocument {
  metadata: Record<string, unknown>;
  modules: Record<string, unknown>;
  shared: unknown[];
}

/**
 * `baton update delta ID add|remove PATH [VALUE]` (humctl's update delta): edits the draft
 * delta as a JSON document — e.g. `add /modules/add/web '{"profile":…,"spec":…}'`,
 * `add /modules/remove/- web`, `add /modules/update/web/- '{"op":"replace",…}'`,
 * `remove /shared/0` — and stores the result (PUT).
 */
export function register(program: Command): void {
  const update = program.command("update").description("Edit a draft delta");
  withConnectionOptions(
    update
      .command("delta")
      .description("Add or remove PATH (a JSON pointer into the delta: /modules/add/W, /modules/remove/-, /modules/update/W/-, /shared/-) and store it")
      .argument("<deltaId>", "delta id")
      .argument("<op>", "add | remove")
      .argument("<path>", "JSON pointer into the delta")
      .argument("[value]", "JSON (or a plain string) for add"),
  ).action((deltaId: string, op: string, path: string, value: string | undefined, options: RemoteOptions) =>
    runRemote(async () => {
      if (op !== "add" && op !== "remove") throw usageError(`op must be add or remove, not "${op}"`);
      if (op === "add" && value === undefined) throw usageError("add needs a VALUE");
      if (!path.startsWith("/modules/") && !path.startsWith("/shared/") && path !== "/shared") throw usageError(`PATH must be under /modules/ or /shared/, not "${path}"`);
      const ctx = remoteContext(options, "yaml");
      const url = `${ctx.client.orgPath}/apps/${enc(requireApp(ctx.settings))}/deltas/${enc(deltaId)}`;
      const current = await ctx.client.get<DeltaDocument>(url);
      const document = { modules: { add: {}, remove: [], update: {}, ...current.modules } as { update: Record<string, unknown[]> }, shared: current.shared ?? [] };
      // a workload's first patch: its list under modules.update starts empty
      const workload = /^\/modules\/update\/([^/]+)\/./.exec(path)?.[1]?.replace(/~1/g, "/").replace(/~0/g, "~");
      if (op === "add" && workload && !(workload in document.modules.update)) document.modules.update[workload] = [];
      let edited: typeof document;
      try {
        edited = applyJsonPatch(document, [op === "add" ? { op, path, value: parseValue(value!) } : { op, path }]);
      } catch (err) {
        throw new CliError(`cannot ${op} ${path} in delta ${deltaId}: ${(err as Error).message}`);
      }
      const stored = await ctx.client.request("PUT", url, edited);
      print(stored, ctx.format, kindOf("deltas").columns as never);
    }),
  );
}
