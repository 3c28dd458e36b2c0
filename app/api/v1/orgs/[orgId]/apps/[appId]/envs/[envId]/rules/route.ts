import { handler } from "@/lib/server/api/route";
import { createAutomationRuleRoute, listAutomationRulesRoute } from "@/lib/server/api/routes/automation-rules";

export const GET = handler(listAutomationRulesRoute);
export const POST = handler(createAutomationRuleRoute);
