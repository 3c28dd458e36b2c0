import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { shippedDefinitions } from "@/lib/cli/commands/plan";
import { plan } from "@/lib/engine/plan";
import { matchDefinition } from "@/lib/engine/matching";
import { loadScore } from "@/lib/engine/score";

const repoRoot = path.resolve(__dirname, "../../..");
const examples = path.resolve(repoRoot, "../shared/compat/score/examples");
const present = existsSync(examples);
if (!present) console.warn(`skipping the Score corpus plan test: ${examples} is absent`);

const files = present
  ? readdirSync(examples)
      .flatMap((dir) => readdirSync(path.join(examples, dir)).map((f) => path.join(dir, f)))
      .filter((f) => f.endsWith(".yaml"))
      .sort()
  : [];

/**
 * Files that need a resource output Baton's shipped definitions do not produce (community
 * provisioners with extra outputs); they must fail with a `placeholder` error naming it.
 */
const MISSING_OUTPUTS: Record<string, RegExp> = {
  // community `dns-with-url` provisioner: Baton's dns has `host` only
  "score-spec__community-provisioners/dns__score.yaml": /\$\{externals\.dns\.url\}.*has no output "url"/,
  // the community `service` type's `url`; Humanitec offers only modules.<w>.service.name
  "score-spec__docs/gen__external-content__resource-provisioners__community__service__score-frontend.yaml": /\$\{modules\.backend\.service\.url\}.*only modules\.<workload>\.service\.name/,
};

/** `file: types` (type.class when not default) that no shipped definition matches. */
const EXPECTED_NO_MATCH = [
  "humanitec-architecture__example-library/resource-graph-patterns__config-pattern__score.yaml: s3",
  "humanitec-architecture__example-library/resource-graph-patterns__delegator-resource__score-a.yaml: s3.admin",
  "humanitec-architecture__example-library/resource-graph-patterns__delegator-resource__score-b.yaml: s3.read-only",
  "humanitec-architecture__example-library/resource-graph-patterns__propagate-class__score.yaml: s3.one",
  "humanitec-architecture__example-library/score__horizontal-pod-autoscaler__score.yaml: horizontal-pod-autoscaler",
  "humanitec-architecture__example-library/score__volumes__score.yaml: volume.config, volume.ephemeral, volume.nfs, volume.projected, volume.standard-rwo",
  "score-spec__community-provisioners/dapr-pubsub__score.yaml: dapr-pubsub",
  "score-spec__community-provisioners/dapr-state-store__score.yaml: dapr-state-store",
  "score-spec__community-provisioners/dapr-subscription__score.yaml: dapr-subscription",
  "score-spec__community-provisioners/endpoint__score.yaml: endpoint",
  "score-spec__community-provisioners/gcp-pubsub-emulator__score.yaml: gcp-pubsub-emulator",
  "score-spec__community-provisioners/horizontal-pod-autoscaler__score.yaml: horizontal-pod-autoscaler",
  "score-spec__community-provisioners/llm-model__score.yaml: llm-model",
  "score-spec__docs/gen__external-content__resource-provisioners__community__azure-blob__score.yaml: azure-blob",
  "score-spec__examples/samples__aks-store-demo__ai__score.yaml: llm-model",
  "score-spec__examples/samples__traderx__trade-service__score.yaml: endpoint",
  "score-spec__score-compose/examples__08-service-port-resource__scoreB.yaml: service-port",
  "score-spec__score-compose/examples__13-kafka-topic__score.yaml: kafka-topic",
  "score-spec__score-compose/examples__14-elasticsearch__score.yaml: elasticsearch",
  "score-spec__score-compose/examples__15-mssql-database__score.yaml: mssql",
  "score-spec__score-helm/examples__score-full.yaml: something",
  "victor-ikeme__awesome-score-spec-examples/examples__aspnet-mssql-example__score__score.yaml: mssql",
  "victor-ikeme__awesome-score-spec-examples/examples__wordpress-mysql__score__score.yaml: mysql.wp",
];

/** Files whose volumes name no resource (`source: some-volume`): nothing can be mounted. */
const PLAIN_VOLUME_SOURCE = new Set([
  "score-spec__docs/schemas__samples__score-full.yaml",
  "score-spec__score-go/schema__files__samples__score-full.yaml",
  "score-spec__spec/samples__score-deprecated-files-and-volumes.yaml",
  "score-spec__spec/samples__score-full.yaml",
]);

describe.skipIf(!present)("every corpus Score file plans with the built-in definitions and pack", () => {
  it("has the 117 files", () => expect(files).toHaveLength(117));

  const definitions = shippedDefinitions();
  const summary = { clean: 0, noMatch: [] as string[], plainVolume: [] as string[], missingOutput: [] as string[] };

  for (const file of files) {
    it(file, async () => {
      const text = readFileSync(path.join(examples, file), "utf8");
      const loaded = loadScore(text, { file });
      expect(loaded.errors).toEqual([]);
      const score = loaded.workload!;
      const result = await plan({
        context: { org_id: "acme", app_id: "corpus", env_id: "dev", env_type: "development" },
        definitions,
        // the corpus holds Score files only: `files.*.source` content and `image: .` are supplied here
        workloads: [{ score, options: { fileName: file, image: "registry.example/app:1.0.0", readSource: (_w, source) => `contents of ${source}\n` } }],
        values: new Proxy({}, { get: (_t, key) => ({ value: `value-of-${String(key)}` }), has: () => true }),
      });
      // a resource no shipped definition matches must fail with `no-match` naming its type
      const unshipped = new Set<string>();
      for (const error of result.errors.filter((e) => e.code === "no-match")) {
        const [, type, cls, resId] = error.object_id.match(/^([^.]+)\.([^#]+)#(.*)$/)!;
        expect(matchDefinition(definitions, { type, class: cls, res_id: resId, app_id: "corpus", env_id: "dev", env_type: "development" })).toBeNull();
        expect(error.message).toContain(`type "${type}", class "${cls}"`);
        unshipped.add(cls === "default" ? type : `${type}.${cls}`);
      }
      const unexpected = result.errors.filter((e) => {
        if (e.code === "no-match") return false;
        if (e.code === "dependency-failed") return unshipped.size === 0;
        if (PLAIN_VOLUME_SOURCE.has(file)) return !(e.code === "render" && /is not a resource of this workload/.test(e.message));
        if (MISSING_OUTPUTS[file]) return !(e.code === "placeholder" && MISSING_OUTPUTS[file].test(e.message));
        return true;
      });
      expect(unexpected).toEqual([]);
      if (MISSING_OUTPUTS[file]) expect(result.errors.some((e) => MISSING_OUTPUTS[file].test(e.message))).toBe(true);
      if (PLAIN_VOLUME_SOURCE.has(file)) summary.plainVolume.push(file);
      else if (MISSING_OUTPUTS[file]) summary.missingOutput.push(file);
      else if (unshipped.size > 0) summary.noMatch.push(`${file}: ${[...unshipped].sort().join(", ")}`);
      else {
        summary.clean++;
        expect(result.objects.some((o) => o.kind === "Deployment" || o.kind === "StatefulSet")).toBe(true);
      }
    });
  }

  it("lists the files that need a type (or class) Baton does not ship", () => {
    expect(summary.noMatch).toEqual(EXPECTED_NO_MATCH);
    expect(summary.clean).toBe(88);
  });

  it("summary", () => {
    console.info(`corpus plans: ${summary.clean} clean, ${summary.noMatch.length} no-match (types Baton does not ship), ${summary.plainVolume.length} with plain volume sources, ${summary.missingOutput.length} needing outputs Baton does not produce`);
    console.info(summary.noMatch.join("\n"));
  });
});
