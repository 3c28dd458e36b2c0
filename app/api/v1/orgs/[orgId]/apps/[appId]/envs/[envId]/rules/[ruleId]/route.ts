import { handler } from "@/lib/server/api/route";
import { deleteAutomationRuleRoute, getAutomationRuleRoute, updateAutomationRuleRoute } from "@/lib/server/api/routes/automation-rules";

export const GET = handler(getAutomationRuleRoute);
export const PUT = handler(updateAutomationRuleRoute);
export const DELETE = handler(deleteAutomationRuleRoute);
