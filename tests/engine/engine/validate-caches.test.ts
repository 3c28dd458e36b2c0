import { describe, expect, it } from "vitest";
import { checkObject } from "@/lib/engine/render/validate";

const configMap = (labels: Record<string, unknown>) => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c", labels } });

describe("checkObject: remembered label keys and values", () => {
  it("reports an invalid key or value however often valid ones were seen before", () => {
    for (let round = 0; round < 3; round++) {
      expect(checkObject(configMap({ "app.kubernetes.io/name": "api", team: "core" }))).toEqual([]);
      expect(checkObject(configMap({ "app.kubernetes.io/name": "-api", "bad key": "core", "x/": "v", long: "v".repeat(64), n: 1 }))).toEqual([
        'metadata.labels.app.kubernetes.io/name: "-api" is not a valid label value',
        'metadata.labels: "bad key" is not a valid label key',
        'metadata.labels: "x/" is not a valid label key',
        `metadata.labels.long: "${"v".repeat(64)}" is not a valid label value`,
        "metadata.labels.n: 1 is not a valid label value",
      ]);
    }
  });

  it("stays correct past its size bound", () => {
    for (let i = 0; i < 5000; i++) expect(checkObject(configMap({ [`k${i}`]: `v${i}` }))).toEqual([]);
    expect(checkObject(configMap({ k1: "v1", "k 2": "v2" }))).toEqual(['metadata.labels: "k 2" is not a valid label key']);
  });
});
