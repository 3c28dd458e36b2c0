import { handler } from "@/lib/server/api/route";
import { deleteCriterion } from "@/lib/server/api/routes/definitions";

export const DELETE = handler(deleteCriterion);
