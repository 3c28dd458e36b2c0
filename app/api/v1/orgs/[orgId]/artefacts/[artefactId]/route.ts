import { handler } from "@/lib/server/api/route";
import { deleteArtefactRoute } from "@/lib/server/api/routes/artefacts";

export const DELETE = handler(deleteArtefactRoute);
