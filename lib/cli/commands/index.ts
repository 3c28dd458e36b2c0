import type { Command } from "commander";
import { register as registerScore } from "./score";
import { register as registerPlan } from "./plan";
import { register as registerRemote } from "./remote";
import { register as registerTemplate } from "./template";
import { register as registerAdmin } from "./admin";

/**
 * Every command group registers itself here, one import per group, so adding a command
 * never means editing another command's file.
 */
export function registerCommands(program: Command): void {
  void program;
  registerScore(program);
  registerPlan(program);
  registerRemote(program);
  registerTemplate(program);
  registerAdmin(program);
}
