import { describe, expect, it } from "vitest";
import { parseReference, tokenize } from "@/lib/engine/placeholders/parse";
import { substituteDeep, substituteString, type ReferenceResolver } from "@/lib/engine/placeholders/substitute";

const resolver: ReferenceResolver = (ref) => {
  if (ref.root === "values") {
    if (ref.key === "PORT") return { value: 8080, secret: false };
    if (ref.key === "CFG") return { value: { a: 1 }, secret: false };
    if (ref.key === "PW") return { value: "pw", secret: true };
    return { error: `shared value "${ref.key}" is not defined` };
  }
  if (ref.root === "context" && ref.path.join(".") === "app.id") return { value: "shop", secret: false };
  return { error: "unknown" };
};

describe("placeholders", () => {
  it("parses resource references in dotted and bracket forms, with selectors", () => {
    expect(parseReference("resources.dns.outputs.host")).toEqual({ root: "resources", selector: { kind: "resource", type: "dns" }, attribute: "outputs", path: ["host"] });
    expect(parseReference("resources['config.default#app-config'].outputs.cost_center_id")).toEqual({
      root: "resources",
      selector: { kind: "resource", type: "config", class: "default", id: "app-config" },
      attribute: "outputs",
      path: ["cost_center_id"],
    });
    expect(parseReference('resources["base-env.default#resource-quota"].guresid')).toMatchObject({ attribute: "guresid", selector: { id: "resource-quota" } });
    expect(parseReference("resources.k8s-service-account#ksa.outputs.name")).toMatchObject({ selector: { type: "k8s-service-account", id: "ksa" } });
    expect(parseReference("resources.workload>aws-policy.outputs.arn")).toMatchObject({ selector: { kind: "dependencies", from: "workload", type: "aws-policy" } });
    expect(parseReference("resources.dns<route.outputs.path")).toMatchObject({ selector: { kind: "dependents", from: "dns", type: "route" } });
    expect(parseReference("values.my.dotted-key")).toEqual({ root: "values", key: "my.dotted-key" });
    expect(() => parseReference("resources.dns")).toThrow(/expected .outputs/);
    expect(() => parseReference("bogus.x")).toThrow(/unknown placeholder root "bogus"/);
  });

  it("is typed when the string is exactly one placeholder, JSON-encoded otherwise", () => {
    expect(substituteString("${values.PORT}", resolver, "x").value).toBe(8080);
    expect(substituteString("port=${values.PORT} cfg=${values.CFG}", resolver, "x").value).toBe('port=8080 cfg={"a":1}');
    expect(substituteString("$${values.PORT} stays", resolver, "x").value).toBe("${values.PORT} stays");
    expect(tokenize("no placeholders $HOME")).toEqual([{ kind: "text", text: "no placeholders $HOME" }]);
  });

  it("a secret taints the whole string, and unknown keys name the placeholder and where it is", () => {
    const tainted = substituteDeep({ url: "https://u:${values.PW}@${context.app.id}", plain: "${context.app.id}" }, resolver, "values");
    expect(tainted.value).toEqual({ url: "https://u:pw@shop", plain: "shop" });
    expect(tainted.secretPaths).toEqual(["values.url"]);
    const missing = substituteDeep({ a: { b: "x-${values.NOPE}" } }, resolver, "values");
    expect(missing.issues).toEqual([{ placeholder: "${values.NOPE}", location: "values.a.b", message: 'shared value "NOPE" is not defined' }]);
  });
});
