import { handler } from "@/lib/server/api/route";
import { addCriterion, putCriteria } from "@/lib/server/api/routes/definitions";

export const POST = handler(addCriterion);
export const PUT = handler(putCriteria);
