import type { Command } from "commander";
import { register as registerApply } from "./apply";
import { register as registerCreate } from "./create";
import { register as registerDelete } from "./delete";
import { register as registerDeploy } from "./deploy";
import { register as registerDiff } from "./diff";
import { register as registerGet } from "./get";
import { register as registerLogin } from "./login";
import { register as registerUpdate } from "./update";

/** The commands that talk to a Baton server over /api/v1 (humctl's verbs). */
export function register(program: Command): void {
  for (const r of [registerLogin, registerGet, registerCreate, registerDelete, registerApply, registerUpdate, registerDeploy, registerDiff]) r(program);
}
