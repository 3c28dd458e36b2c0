"use server";

import { runAction } from "@/lib/server/actions/action-client";
import { createAutomationRule, deleteAutomationRule, setAutomationRuleActive } from "@/lib/server/automation/operations";

/** Thin: each mutation is the automation-rule operation the API calls, with its checks and audit entry. */

export async function createRuleAction(input: unknown) {
  return runAction(createAutomationRule, input);
}

export async function setRuleActiveAction(input: unknown) {
  return runAction(setAutomationRuleActive, input);
}

export async function deleteRuleAction(input: unknown) {
  return runAction(deleteAutomationRule, input);
}
