import { handler } from "@/lib/server/api/route";
import { listArtefactsRoute } from "@/lib/server/api/routes/artefacts";

export const GET = handler(listArtefactsRoute);
