import { handler } from "@/lib/server/api/route";
import { getArtefactVersionRoute } from "@/lib/server/api/routes/artefacts";

export const GET = handler(getArtefactVersionRoute);
