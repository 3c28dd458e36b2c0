import { describe, expect, it } from "vitest";
import {
  createWorkloadResolver,
  encodeJsonLikeGo,
  findPlaceholders,
  PlaceholderError,
  PlaceholderLookupError,
  splitPlaceholderPath,
  substituteContainer,
  substituteInValue,
  substitutePlaceholders,
  substituteResourceParams,
  substituteWorkload,
  type ScoreWorkload,
  type WorkloadPlaceholderContext,
} from "@/lib/engine/score";

/** The fixture of score-go's framework substitution tests (metadata + three resources). */
const ctx: WorkloadPlaceholderContext = {
  metadata: {
    name: "test-name",
    other: { key: "value" },
    annotations: { "key.com/foo-bar": "thing" },
  },
  resources: {
    env: (keys) => {
      if (keys.length !== 1) throw new Error("fail");
      return "${" + keys[0] + "}";
    },
    db: (keys) => "${DB_" + keys.join("_").toUpperCase() + "?required}",
    static: { x: "a" },
  },
};
const resolve = createWorkloadResolver(ctx);

function substituteOrError(input: string): string {
  try {
    return substitutePlaceholders(input, resolve);
  } catch (err) {
    return `ERROR: ${(err as Error).message}`;
  }
}

describe("resolving one placeholder (score-go TestSubstitutionFunction)", () => {
  it.each([
    ["missing", "ERROR: invalid ref 'missing': unknown reference root, use $$ to escape the substitution"],
    ["metadata.name", "test-name"],
    ["metadata", "ERROR: invalid ref 'metadata': requires at least a metadata key to lookup"],
    ["metadata.other", '{"key":"value"}'],
    ["metadata.other.key", "value"],
    ["metadata.missing", "ERROR: invalid ref 'metadata.missing': key 'missing' not found"],
    ["metadata.name.foo", "ERROR: invalid ref 'metadata.name.foo': cannot lookup key 'foo', context is not a map"],
    ["metadata.annotations.key\\.com/foo-bar", "thing"],
    ["resources.env.DEBUG", "${DEBUG}"],
    ["resources.missing", "ERROR: invalid ref 'resources.missing': no known resource 'missing'"],
    ["resources.db.host", "${DB_HOST?required}"],
    ["resources.db.port", "${DB_PORT?required}"],
    ["resources.db.name.user", "${DB_NAME_USER?required}"],
    ["resources.static.x", "a"],
    ["resources.static.y", "ERROR: invalid ref 'resources.static.y': key 'y' not found"],
    ["resources", "ERROR: invalid ref 'resources': requires at least a resource name to lookup"],
  ])("${%s} → %s", (ref, expected) => {
    expect(substituteOrError("${" + ref + "}")).toBe(expected);
  });
});

describe("escaping and matching (score-go TestSubstituteString)", () => {
  it.each([
    ["", ""],
    ["abc", "abc"],
    ["$abc", "$abc"],
    ["$(FRIEND)", "$(FRIEND)"],
    ["abc $$ abc", "abc $ abc"],
    ["$${abc}", "${abc}"],
    ["$$${abc}", "ERROR: invalid ref 'abc': unknown reference root, use $$ to escape the substitution"],
    ["$$$${abc}", "$${abc}"],
    ["$$$$${abc}", "ERROR: invalid ref 'abc': unknown reference root, use $$ to escape the substitution"],
    ["$${abc .4t3298y *(^&(*}", "${abc .4t3298y *(^&(*}"],
    ["my name is ${metadata.name}", "my name is test-name"],
    ["my name is ${metadata.thing\\.two}", "ERROR: invalid ref 'metadata.thing\\.two': key 'thing.two' not found"],
    ["my name is ${}", "ERROR: invalid ref '': unknown reference root, use $$ to escape the substitution"],
    ["unterminated ${metadata.name", "unterminated ${metadata.name"],
    ["no nesting ${metadata.${x}}", "ERROR: invalid ref 'metadata.${x': key '${x' not found"],
    [
      "postgresql://${resources.db.user}:${resources.db.password}@${resources.db.host}:${resources.db.port}/${resources.db.name}",
      "postgresql://${DB_USER?required}:${DB_PASSWORD?required}@${DB_HOST?required}:${DB_PORT?required}/${DB_NAME?required}",
    ],
  ])("%j → %j", (input, expected) => {
    expect(substituteOrError(input)).toBe(expected);
  });

  it("attempts every placeholder and reports all failures", () => {
    let caught: unknown;
    try {
      substitutePlaceholders("${metadata.a} ${metadata.name} ${nope}", resolve);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(PlaceholderError);
    expect((caught as PlaceholderError).problems).toEqual([
      "invalid ref 'metadata.a': key 'a' not found",
      "invalid ref 'nope': unknown reference root, use $$ to escape the substitution",
    ]);
  });

  it("lists only the placeholders that would be substituted", () => {
    expect(findPlaceholders("a ${resources.db.host} $${x} $$${metadata.name} ${a\\.b.c}").map((p) => p.parts)).toEqual([
      ["resources", "db", "host"],
      ["metadata", "name"],
      ["a.b", "c"],
    ]);
    expect(splitPlaceholderPath("metadata.annotations.example\\.com/team")).toEqual(["metadata", "annotations", "example.com/team"]);
  });
});

describe("non-string values are JSON-encoded like Go's json.Marshal", () => {
  const numeric = createWorkloadResolver({
    metadata: { name: "w" },
    resources: {
      db: { port: 5432, ratio: 0.5, on: true, none: null, list: [1, "a"], map: { b: 2, a: "<&>" } },
    },
  });
  it.each([
    ["${resources.db.port}", "5432"],
    ["${resources.db.ratio}", "0.5"],
    ["${resources.db.on}", "true"],
    ["${resources.db.none}", "null"],
    ["${resources.db.list}", '[1,"a"]'],
    ["${resources.db.map}", '{"a":"\\u003c\\u0026\\u003e","b":2}'],
    ["port=${resources.db.port}", "port=5432"],
  ])("%s → %s", (input, expected) => {
    expect(substitutePlaceholders(input, numeric)).toBe(expected);
  });

  it("sorts keys and escapes HTML characters", () => {
    expect(encodeJsonLikeGo({ z: 1, a: [true, null], m: "a<b" })).toBe('{"a":[true,null],"m":"a\\u003cb","z":1}');
  });
});

describe("the bare ${resources.NAME} form", () => {
  it("is an error outside a volume source", () => {
    expect(substituteOrError("${resources.static}")).toMatch(/^ERROR: invalid ref 'resources.static': an output key is required/);
  });

  it("resolves to the resource UID in a volume source", () => {
    const volumeResolve = createWorkloadResolver({ ...ctx, resourceUid: (name) => `volume.default#w.${name}` }, { allowBareResource: true });
    expect(substitutePlaceholders("${resources.static}", volumeResolve)).toBe("volume.default#w.static");
  });
});

describe("an injectable lookup", () => {
  it("receives the split path and raw ref; its lookup errors are reported per placeholder", () => {
    const seen: string[][] = [];
    const lookup = (parts: string[], ref: string) => {
      seen.push(parts);
      if (ref === "x") throw new PlaceholderLookupError("not provisioned yet");
      return 42;
    };
    expect(() => substitutePlaceholders("${a\\.b.c} ${x}", lookup)).toThrow("invalid ref 'x': not provisioned yet");
    expect(seen).toEqual([["a.b", "c"], ["x"]]);
    expect(substitutePlaceholders("${a\\.b.c}", lookup)).toBe("42");
  });
});

describe("substitution only where the spec allows it", () => {
  const workload: ScoreWorkload = {
    apiVersion: "score.dev/v1b1",
    metadata: { name: "shop", team: "blue" },
    containers: {
      main: {
        image: "registry/${metadata.name}:1",
        command: ["sh", "-c", "echo ${metadata.name} $(HOME)"],
        args: ["${resources.db.host}"],
        variables: { DB: "postgres://${resources.db.host}:${resources.db.port}", TEAM: "${metadata.team}", LIT: "$${HOME}" },
        files: {
          "/etc/app.conf": { content: "host=${resources.db.host}" },
          "/etc/raw.conf": { content: "host=${resources.db.host}", noExpand: true },
          "/etc/from-source.conf": { source: "./${metadata.name}.conf" },
        },
        volumes: { "/data": { source: "${resources.vol}", readOnly: true } },
        readinessProbe: { httpGet: { path: "/${metadata.name}", port: 8080 } },
      },
    },
    resources: { db: { type: "postgres" }, vol: { type: "volume", params: { size: "${resources.db.port}Gi" } } },
  };
  const outputs: WorkloadPlaceholderContext = {
    metadata: workload.metadata,
    resources: { db: { host: "pg.local", port: 5432 }, vol: { source: { emptyDir: {} } } },
    resourceUid: (name) => `volume.default#shop.${name}`,
  };

  it("substitutes variables, inline content and volume sources, and nothing else", () => {
    const { value, problems } = substituteWorkload(workload, outputs);
    expect(problems).toEqual([]);
    const main = value.containers.main;
    expect(main.variables).toEqual({ DB: "postgres://pg.local:5432", TEAM: "blue", LIT: "${HOME}" });
    expect(main.files?.["/etc/app.conf"].content).toBe("host=pg.local");
    expect(main.files?.["/etc/raw.conf"].content).toBe("host=${resources.db.host}");
    expect(main.files?.["/etc/from-source.conf"].source).toBe("./${metadata.name}.conf");
    expect(main.volumes?.["/data"].source).toBe("volume.default#shop.vol");
    expect(main.image).toBe("registry/${metadata.name}:1");
    expect(main.command).toEqual(["sh", "-c", "echo ${metadata.name} $(HOME)"]);
    expect(main.args).toEqual(["${resources.db.host}"]);
    expect(main.readinessProbe?.httpGet?.path).toBe("/${metadata.name}");
    // The input is not modified.
    expect(workload.containers.main.variables?.DB).toContain("${");
  });

  it("reports failures with the field they come from", () => {
    const { problems } = substituteContainer("main", workload.containers.main, { ...outputs, resources: { vol: {} } });
    expect(problems.map((p) => `${p.field}: ${p.message}`)).toEqual([
      "containers.main.variables.DB: invalid ref 'resources.db.host': no known resource 'db'",
      "containers.main.variables.DB: invalid ref 'resources.db.port': no known resource 'db'",
      'containers.main.files["/etc/app.conf"].content: invalid ref \'resources.db.host\': no known resource \'db\'',
    ]);
  });

  it("substitutes nested resource params with score-go's key-path prefixes", () => {
    expect(substituteResourceParams("vol", workload.resources!.vol, outputs)).toEqual({ value: { size: "5432Gi" }, problems: [] });
    expect(() => substituteInValue({ a: [{ b: "${metadata.unknown}" }] }, resolve)).toThrow(
      "a: 0: b: invalid ref 'metadata.unknown': key 'unknown' not found",
    );
    const failed = substituteResourceParams("x", { type: "t", params: { a: ["${metadata.nope}"] } }, outputs);
    expect(failed.problems).toEqual([
      { path: "/resources/x/params", field: "resources.x.params", message: "a: 0: invalid ref 'metadata.nope': key 'nope' not found" },
    ]);
  });
});
