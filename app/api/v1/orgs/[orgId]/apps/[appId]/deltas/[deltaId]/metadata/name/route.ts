import { handler } from "@/lib/server/api/route";
import { changeDeltaNameRoute } from "@/lib/server/api/routes/sets";

export const PUT = handler(changeDeltaNameRoute);
