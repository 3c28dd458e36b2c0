"use server";

import { runAction } from "@/lib/server/actions/action-client";
import { createApiToken } from "@/lib/server/operations/create-api-token";
import { createEnvType } from "@/lib/server/operations/create-env-type";
import { createUser } from "@/lib/server/operations/create-user";
import { deleteEnvType } from "@/lib/server/operations/delete-env-type";
import { deleteUser } from "@/lib/server/operations/delete-user";
import { revokeApiToken } from "@/lib/server/operations/revoke-api-token";
import { updateUserRoles } from "@/lib/server/operations/update-user-roles";

export async function createEnvTypeAction(input: unknown) {
  return runAction(createEnvType, input);
}
export async function deleteEnvTypeAction(input: unknown) {
  return runAction(deleteEnvType, input);
}
export async function createUserAction(input: unknown) {
  return runAction(createUser, input);
}
export async function updateUserRolesAction(input: unknown) {
  return runAction(updateUserRoles, input);
}
export async function deleteUserAction(input: unknown) {
  return runAction(deleteUser, input);
}
export async function createApiTokenAction(input: unknown) {
  return runAction(createApiToken, input);
}
export async function revokeApiTokenAction(input: unknown) {
  return runAction(revokeApiToken, input);
}
