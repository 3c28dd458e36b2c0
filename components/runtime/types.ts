import type { ClientActionResult } from "@/components/ui/use-action";
import type { RuntimeView } from "@/lib/server/deploy/environment-runtime";

export type { RuntimeView };
export type EnvRef = { appId: string; envId: string };
export type LogInput = EnvRef & { pod: string; container?: string; tail?: number; previous?: boolean };

/** The server actions the Runtime section calls (passed down from the page, which owns them). */
export interface RuntimeActions {
  read(input: EnvRef): Promise<ClientActionResult<RuntimeView>>;
  log(input: LogInput): Promise<ClientActionResult<string>>;
  scale(input: EnvRef & { workload: string; replicas: number }): Promise<ClientActionResult<null>>;
  restart(input: EnvRef & { workload: string }): Promise<ClientActionResult<null>>;
  setPaused(input: EnvRef & { paused: boolean }): Promise<ClientActionResult<null>>;
}

/** Waiting reasons that are just a pod on its way up; every other one is shown as a failure. */
const STARTING_REASONS = new Set(["ContainerCreating", "PodInitializing"]);
export const isFailingReason = (reason: string | undefined): boolean => !!reason && !STARTING_REASONS.has(reason);

export const STATUS_TONES = { Running: "green", Succeeded: "green", Failed: "red", Starting: "amber", "Partially Succeeded": "amber", Stopped: "zinc", Unknown: "zinc" } as const;
