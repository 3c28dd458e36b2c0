import { describe, expect, it } from "vitest";
import type { ResourceDefinition } from "@/lib/engine/model/definition";
import {
  DRIVERS,
  driverNotAvailableMessage,
  getDriver,
  hasErrors,
  validateDefinition,
  type DefinitionIssue,
  type TemplateChecker,
} from "@/lib/engine/definitions";

const base: ResourceDefinition = {
  id: "pg-main",
  name: "Postgres",
  type: "postgres",
  driver_type: "humanitec/echo",
  driver_inputs: { values: { host: "db", port: 5432, name: "app" }, secrets: { username: "u", password: "p" } },
  criteria: [{}],
};

function errors(issues: DefinitionIssue[]) {
  return issues.filter((i) => i.severity === "error").map((i) => [i.path, i.message]);
}
function warnings(issues: DefinitionIssue[]) {
  return issues.filter((i) => i.severity === "warning").map((i) => [i.path, i.message]);
}

describe("validateDefinition: identity, type, driver", () => {
  it("accepts a well-formed definition", () => {
    expect(validateDefinition(base)).toEqual([]);
  });

  it.each([
    ["ab", false],
    ["abc", true],
    ["a-b", true],
    ["-ab", false],
    ["ab-", false],
    ["Abc", false],
    ["a_b", false],
    ["0ab", true],
  ])("id %s valid=%s", (id, valid) => {
    const issues = validateDefinition({ ...base, id });
    expect(issues.some((i) => i.path === "id")).toBe(!valid);
  });

  it("requires id, name, type and driver_type", () => {
    expect(errors(validateDefinition({ driver_inputs: {} }))).toEqual([
      ["id", "id is required"],
      ["name", "name is required"],
      ["type", "type is required"],
      ["driver_type", "driver_type is required"],
    ]);
  });

  it("refuses unknown types and drivers", () => {
    expect(errors(validateDefinition({ ...base, type: "postgress" }))).toEqual([["type", 'unknown resource type "postgress"']]);
    expect(errors(validateDefinition({ ...base, driver_type: "acme/pg" }))).toEqual([["driver_type", 'unknown driver "acme/pg"']]);
  });

  it("accepts custom types that are registered", () => {
    const def = { ...base, type: "acme/queue" };
    expect(errors(validateDefinition(def))).toEqual([["type", 'unknown resource type "acme/queue"']]);
    const customTypes = [
      {
        type: "acme/queue",
        name: "Queue",
        category: "messaging",
        use: "direct" as const,
        description: "",
        inputs_schema: {},
        outputs_schema: { values: {}, secrets: {} },
        builtin: false,
      },
    ];
    expect(validateDefinition(def, { customTypes })).toEqual([]);
  });

  it("refuses a driver that cannot provision the type", () => {
    expect(errors(validateDefinition({ ...base, driver_type: "humanitec/dns-wildcard", driver_inputs: { values: { domain: "x.io" } } }))).toEqual([
      ["driver_type", 'driver "humanitec/dns-wildcard" cannot provision type "postgres" (it supports dns)'],
    ]);
  });

  it("accepts a driver that is not available, with a warning", () => {
    const def: ResourceDefinition = {
      id: "eks",
      name: "eks",
      type: "k8s-cluster",
      driver_type: "humanitec/k8s-cluster-eks",
      driver_inputs: { values: { name: "c", region: "eu-west-1" } },
    };
    const issues = validateDefinition(def);
    expect(hasErrors(issues)).toBe(false);
    expect(warnings(issues)).toEqual([
      [
        "driver_type",
        'driver not available: "humanitec/k8s-cluster-eks" cannot run in this install (cloud cluster drivers need the cloud provider\'s API; use humanitec/k8s-cluster with a kubeconfig instead)',
      ],
    ]);
  });
});

describe("validateDefinition: driver inputs vs schema", () => {
  const cluster: ResourceDefinition = {
    id: "local-cluster",
    name: "local",
    type: "k8s-cluster",
    driver_type: "humanitec/k8s-cluster",
    driver_inputs: {
      values: { loadbalancer: "127.0.0.1", cluster_data: { server: "https://127.0.0.1:6443" } },
      secrets: { credentials: { token: "t" } },
    },
  };

  it("accepts a valid k8s-cluster definition", () => {
    expect(validateDefinition(cluster)).toEqual([]);
  });

  it("names the missing required input", () => {
    const issues = validateDefinition({ ...cluster, driver_inputs: { values: { cluster_data: {} } } });
    expect(errors(issues)).toEqual([["driver_inputs.values.cluster_data.server", 'driver humanitec/k8s-cluster requires "server"']]);
  });

  it("required inputs are checked when driver_inputs is missing altogether", () => {
    expect(errors(validateDefinition({ ...cluster, driver_inputs: undefined }))).toEqual([
      ["driver_inputs.values.cluster_data", 'driver humanitec/k8s-cluster requires "cluster_data"'],
    ]);
  });

  it("reports wrong types and enum values", () => {
    const ingress: ResourceDefinition = {
      id: "ing",
      name: "ing",
      type: "ingress",
      driver_type: "humanitec/ingress",
      driver_inputs: { values: { no_tls: "yes", api_version: "v2" } },
    };
    expect(errors(validateDefinition(ingress))).toEqual([
      ["driver_inputs.values.api_version", 'must be one of "v1", "v1beta1"'],
      ["driver_inputs.values.no_tls", "must be boolean"],
    ]);
  });

  it("skips type checks on values that are placeholders (resolved at deploy time)", () => {
    const hpa: ResourceDefinition = {
      id: "hpa",
      name: "hpa",
      type: "horizontal-pod-autoscaler",
      driver_type: "humanitec/hpa",
      driver_inputs: { values: { minReplicas: "${resources.config.outputs.min}" } },
    };
    expect(validateDefinition(hpa)).toEqual([]);
  });

  it("warns about inputs the driver ignores", () => {
    const issues = validateDefinition({ ...cluster, driver_inputs: { ...cluster.driver_inputs, values: { ...cluster.driver_inputs!.values, colour: "red" } } });
    expect(errors(issues)).toEqual([]);
    expect(warnings(issues)).toEqual([["driver_inputs.values.colour", '"colour" is not an input of driver humanitec/k8s-cluster and is ignored']]);
  });

  it("uses bracket paths for keys with dots", () => {
    const issues = validateDefinition({ ...cluster, driver_inputs: { values: { cluster_data: { server: 1 } } } });
    expect(errors(issues)).toEqual([["driver_inputs.values.cluster_data.server", "must be string"]]);
  });

  it("refuses secrets and secret_refs together, and checks secret_refs leaves", () => {
    const def: ResourceDefinition = {
      ...base,
      driver_inputs: {
        values: {},
        secrets: { password: "p" },
        secret_refs: { password: { store: "vault", ref: "x" }, username: { value: "u" }, nested: { token: "bad" }, both: { value: "v", store: "s", ref: "r" } },
      },
    };
    expect(errors(validateDefinition(def))).toEqual([
      ["driver_inputs.secret_refs", "use either driver_inputs.secrets or driver_inputs.secret_refs, not both"],
      ["driver_inputs.secret_refs.nested.token", "a secret reference must be {store, ref, version?} or {value}"],
      ["driver_inputs.secret_refs.both", "a secret reference has either `value` or `store` + `ref`, not both"],
    ]);
  });

  it("refuses unknown driver_inputs keys", () => {
    expect(errors(validateDefinition({ ...base, driver_inputs: { value: {} } as never }))).toEqual([
      ["driver_inputs.value", 'unknown key "value" in driver_inputs; use values, secrets or secret_refs'],
    ]);
  });
});

describe("validateDefinition: template driver", () => {
  const tpl: ResourceDefinition = {
    id: "tpl",
    name: "tpl",
    type: "config",
    driver_type: "humanitec/template",
    driver_inputs: {
      values: {
        templates: {
          init: "a: {{ .id }}",
          outputs: "x: {{ .init.a",
          manifests: { "cm.yaml": { location: "namespace", data: "kind: ConfigMap\nname: {{ .id }" } },
        },
      },
    },
  };
  const checker: TemplateChecker = (source) => {
    const open = (source.match(/\{\{/g) ?? []).length;
    const close = (source.match(/\}\}/g) ?? []).length;
    return open === close ? [] : [{ message: "unclosed action", line: source.split("\n").length, column: 1 }];
  };

  it("runs the template checker on every template string, including manifest data", () => {
    const issues = validateDefinition(tpl, { templateChecker: checker });
    expect(issues.map((i) => [i.path, i.message, i.templateLine])).toEqual([
      ["driver_inputs.values.templates.manifests[\"cm.yaml\"].data", 'template "data": unclosed action', 2],
      ["driver_inputs.values.templates.outputs", 'template "outputs": unclosed action', 1],
    ]);
  });

  it("with templateChecker: null only the shape is validated", () => {
    expect(validateDefinition(tpl, { templateChecker: null })).toEqual([]);
  });

  it("by default templates are parsed with Baton's Go template parser", () => {
    expect(validateDefinition(tpl).map((i) => [i.path, i.severity, i.templateLine])).toEqual([
      ['driver_inputs.values.templates.manifests["cm.yaml"].data', "error", 2],
      ["driver_inputs.values.templates.outputs", "error", 1],
    ]);
    expect(validateDefinition(tpl)[1].message).toMatch(/^template: outputs:1: /);
    expect(validateDefinition(tpl, { templateSeverity: "warning" }).every((i) => i.severity === "warning")).toBe(true);
  });

  it("refuses unknown template keys and bad manifest locations", () => {
    const bad: ResourceDefinition = {
      ...tpl,
      driver_inputs: { values: { templates: { output: "x: 1", manifests: { "a.yaml": { location: "pod", data: {} } } } } },
    };
    expect(errors(validateDefinition(bad))).toEqual([
      ["driver_inputs.values.templates.manifests[\"a.yaml\"].location", "location must be one of namespace, cluster, containers, volumes"],
    ]);
    // The misspelt key is an "ignored input" warning so the user sees it.
    expect(warnings(validateDefinition(bad))).toContainEqual([
      "driver_inputs.values.templates.output",
      '"output" is not an input of driver humanitec/template and is ignored',
    ]);
  });

  it("checks the dns-wildcard template input too", () => {
    const dns: ResourceDefinition = {
      id: "dns",
      name: "dns",
      type: "dns",
      driver_type: "humanitec/dns-wildcard",
      driver_inputs: { values: { domain: "apps.example.com", template: "{{ .x" } },
    };
    expect(errors(validateDefinition(dns, { templateChecker: checker }))).toEqual([
      ["driver_inputs.values.template", 'template "template": unclosed action'],
    ]);
  });
});

describe("validateDefinition: account, provision, criteria", () => {
  it("checks driver_account against known accounts and accepted types", () => {
    const cluster: ResourceDefinition = {
      id: "cluster-1",
      name: "c",
      type: "k8s-cluster",
      driver_type: "humanitec/k8s-cluster",
      driver_account: "my-aws",
      driver_inputs: { values: { cluster_data: { server: "https://x" } } },
    };
    expect(errors(validateDefinition(cluster, { accounts: [{ id: "my-aws", type: "aws" }] }))).toEqual([
      ["driver_account", 'driver "humanitec/k8s-cluster" accepts accounts of type kubernetes, not "aws"'],
    ]);
    expect(errors(validateDefinition(cluster, { accounts: [] }))).toEqual([["driver_account", 'cloud account "my-aws" does not exist']]);
    expect(validateDefinition({ ...cluster, driver_account: "${resources['config#aws'].account}" }, { accounts: [] })).toEqual([]);
  });

  it("checks provision keys and entries", () => {
    const def: ResourceDefinition = {
      ...base,
      provision: {
        "aws-policy": { is_dependent: true, match_dependents: false },
        "ingress.default#shared.web": {},
        "nosuch#x": {},
        "a.b.c": {},
        "config": { is_dependent: "yes" as never, extra: 1 } as never,
      },
    };
    expect(errors(validateDefinition(def))).toEqual([
      ["provision[\"nosuch#x\"]", 'unknown resource type "nosuch"'],
      ["provision[\"a.b.c\"]", '"a.b.c" is not of the form type[.class][#res_id]'],
      ["provision.config.is_dependent", "is_dependent must be true or false"],
      ["provision.config.extra", 'unknown key "extra"; use is_dependent, match_dependents or params'],
    ]);
  });

  it("refuses duplicate criteria, within the definition and against other definitions", () => {
    const other: ResourceDefinition = { ...base, id: "pg-other", criteria: [{ app_id: "shop" }] };
    const def: ResourceDefinition = { ...base, criteria: [{ env_type: "dev" }, { env_type: "dev" }, { app_id: "shop" }] };
    expect(errors(validateDefinition(def, { otherDefinitions: [other, def] }))).toEqual([
      ["criteria[1]", "duplicate criterion {class: default, env_type: dev}: the same rule is already at criteria[0]"],
      ["criteria[2]", 'duplicate criterion {class: default, app_id: shop}: resource definition "pg-other" of the same type already has this rule'],
    ]);
  });
});

describe("driver catalogue", () => {
  it("has the available drivers the issue names, each with values and secrets schemas", () => {
    for (const id of [
      "humanitec/template",
      "humanitec/echo",
      "humanitec/k8s-cluster",
      "humanitec/k8s-cluster-git",
      "humanitec/ingress",
      "humanitec/volume-pvc",
      "humanitec/volume-nfs",
      "humanitec/dns-wildcard",
      "humanitec/hpa",
    ]) {
      const driver = getDriver(id);
      expect(driver?.available, id).toBe(true);
      expect(driver?.inputs_schema.values.type).toBe("object");
      expect(driver?.inputs_schema.secrets.type).toBe("object");
    }
  });

  it("lists the drivers Baton cannot run as not available, with a reason", () => {
    for (const id of [
      "humanitec/k8s-cluster-gke",
      "humanitec/k8s-cluster-eks",
      "humanitec/k8s-cluster-aks",
      "humanitec/agent",
      "humanitec/terraform",
      "humanitec/terraform-runner",
      "humanitec/opentofu-container-runner",
      "humanitec/container",
    ]) {
      const driver = getDriver(id);
      expect(driver?.available, id).toBe(false);
      expect(driver?.unavailable_reason).toBeTruthy();
    }
    expect(driverNotAvailableMessage("humanitec/terraform")).toMatch(/^driver not available: "humanitec\/terraform"/);
    expect(driverNotAvailableMessage("x/y")).toBe('driver "x/y" is unknown to Baton');
  });

  it("ids are unique and every schema compiles", () => {
    expect(new Set(DRIVERS.map((d) => d.id)).size).toBe(DRIVERS.length);
    for (const driver of DRIVERS) {
      // A definition with that driver and no inputs must validate without throwing.
      expect(() => validateDefinition({ id: "x-y", name: "x", type: driver.types[0] === "*" ? "config" : driver.types[0], driver_type: driver.id })).not.toThrow();
    }
  });
});
