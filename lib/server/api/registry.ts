import type { ApiRoute } from "./route";
import * as accounts from "./routes/accounts";
import * as activeResources from "./routes/active-resources";
import * as artefactRoutes from "./routes/artefacts";
import * as auditLogs from "./routes/audit-logs";
import * as automationRules from "./routes/automation-rules";
import * as apps from "./routes/apps";
import * as currentUser from "./routes/current-user";
import * as definitions from "./routes/definitions";
import * as deploys from "./routes/deploys";
import * as drivers from "./routes/drivers";
import * as envTypes from "./routes/env-types";
import * as events from "./routes/events";
import * as envs from "./routes/envs";
import * as orgs from "./routes/orgs";
import * as pipelines from "./routes/pipelines";
import * as resourceClasses from "./routes/resource-classes";
import * as resourceGraphs from "./routes/resource-graphs";
import * as resourceTypes from "./routes/resource-types";
import * as runtime from "./routes/runtime";
import * as scoreDeploy from "./routes/score-deploy";
import * as sets from "./routes/sets";
import * as tokens from "./routes/tokens";
import * as webhooks from "./routes/webhooks";
import * as users from "./routes/users";
import * as values from "./routes/values";

function routesOf(mod: Record<string, unknown>): ApiRoute[] {
  return Object.values(mod).filter((v): v is ApiRoute => typeof v === "object" && v !== null && "operationId" in v && "handle" in v);
}

/** Every REST route, for the OpenAPI document and the route tests. */
export const ALL_ROUTES: readonly ApiRoute[] = [apps, envs, envTypes, users, tokens, definitions, resourceTypes, resourceClasses, accounts, activeResources, resourceGraphs, values, deploys, sets, scoreDeploy, drivers, auditLogs, currentUser, orgs, events, runtime, pipelines, artefactRoutes, automationRules, webhooks].flatMap(routesOf);
