import ELK from "elkjs/lib/elk.bundled.js";
import type { Picture } from "./model";

// The bundled build lays out on the main thread: no worker file to serve.
let elk: InstanceType<typeof ELK> | undefined;

/** Positions for every box (top-left corners), layered left to right: dependents before dependencies. */
export async function layoutPicture(picture: Picture): Promise<Map<string, { x: number; y: number }>> {
  elk ??= new ELK();
  const result = await elk.layout({
    id: "root",
    layoutOptions: {
      "elk.algorithm": "layered",
      "elk.direction": "RIGHT",
      "elk.layered.spacing.nodeNodeBetweenLayers": "70",
      "elk.spacing.nodeNode": "22",
      "elk.layered.nodePlacement.strategy": "BRANDES_KOEPF",
      "elk.layered.crossingMinimization.strategy": "LAYER_SWEEP",
    },
    children: picture.nodes.map((n) => ({ id: n.id, width: n.width, height: n.height })),
    edges: picture.edges.map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] })),
  });
  return new Map((result.children ?? []).map((c) => [c.id, { x: c.x ?? 0, y: c.y ?? 0 }]));
}
