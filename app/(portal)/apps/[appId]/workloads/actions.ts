"use server";

import { runAction } from "@/lib/server/actions/action-client";
import { saveWorkloadVersion } from "@/lib/server/operations/save-workload-version";

export async function saveWorkloadVersionAction(input: unknown) {
  return runAction(saveWorkloadVersion, input);
}
