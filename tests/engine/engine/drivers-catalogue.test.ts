import { describe, expect, it } from "vitest";
import { createDriverRegistry, createGoTemplateEngine } from "@/lib/engine/drivers";
import { BUILT_IN_DRIVERS } from "@/lib/engine/drivers/catalogue";

describe("driver catalogue", () => {
  it("describes exactly the drivers the registry runs, each with an object schema of driver_inputs", () => {
    const registry = createDriverRegistry({ templateEngine: createGoTemplateEngine() });
    expect(BUILT_IN_DRIVERS.map((d) => d.id).sort()).toEqual([...registry.keys()].sort());
    for (const d of BUILT_IN_DRIVERS) expect(d.inputs_schema, d.id).toMatchObject({ type: "object" });
  });
});
