"use server";

import { runAction } from "@/lib/server/actions/action-client";
import { createApplication } from "@/lib/server/operations/create-application";
import { createEnvironment } from "@/lib/server/operations/create-environment";
import { deleteApplication } from "@/lib/server/operations/delete-application";
import { deleteEnvironment } from "@/lib/server/operations/delete-environment";
import { renameApplication } from "@/lib/server/operations/rename-application";
import { renameEnvironment } from "@/lib/server/operations/rename-environment";

export async function createApplicationAction(input: unknown) {
  return runAction(createApplication, input);
}
export async function renameApplicationAction(input: unknown) {
  return runAction(renameApplication, input);
}
export async function deleteApplicationAction(input: unknown) {
  return runAction(deleteApplication, input);
}
export async function createEnvironmentAction(input: unknown) {
  return runAction(createEnvironment, input);
}
export async function renameEnvironmentAction(input: unknown) {
  return runAction(renameEnvironment, input);
}
export async function deleteEnvironmentAction(input: unknown) {
  return runAction(deleteEnvironment, input);
}
