import { describe, expect, it } from "vitest";
import { replaceAllString } from "@/lib/engine/gotemplate/funcs/sprig-strings";
import { splitPlaceholderPath } from "@/lib/engine/score/placeholders";

describe("fast paths keep the general paths' results", () => {
  it("splitPlaceholderPath: plain paths, escaped dots, and the NUL stand-in", () => {
    expect(splitPlaceholderPath("resources.db.host")).toEqual(["resources", "db", "host"]);
    expect(splitPlaceholderPath("")).toEqual([""]);
    expect(splitPlaceholderPath("a..b.")).toEqual(["a", "", "b", ""]);
    expect(splitPlaceholderPath("metadata.annotations.x\\.y\\.z")).toEqual(["metadata", "annotations", "x.y.z"]);
    expect(splitPlaceholderPath("a\\b.c")).toEqual(["a\\b", "c"]);
    // the general path reads a NUL as an escaped dot
    expect(splitPlaceholderPath("a\u0000b.c")).toEqual(["a.b", "c"]);
  });

  it("replaceAllString: no occurrence, several, and Go's empty old string", () => {
    expect(replaceAllString("modules.api", ".externals.", "-")).toBe("modules.api");
    expect(replaceAllString("a.b.c", ".", "-")).toBe("a-b-c");
    expect(replaceAllString("a$b", "$", "$&")).toBe("a$&b");
    expect(replaceAllString("ab", "", "-")).toBe("-a-b-");
  });
});
