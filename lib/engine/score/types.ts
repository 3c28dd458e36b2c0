/**
 * Typed shape of a Score v1b1 workload (score.dev/v1b1), after the legacy-shape upgrade:
 * `files` and `volumes` are always maps keyed by the target path.
 */

export type ScoreReadyCondition = "started" | "healthy" | "complete";

export interface ScoreWorkloadMetadata {
  name: string;
  annotations?: Record<string, string>;
  /** Metadata is free-form: extra keys are allowed and reachable from `${metadata.…}`. */
  [key: string]: unknown;
}

export interface ScoreServicePort {
  port: number;
  targetPort?: number;
  protocol?: "TCP" | "UDP";
}

export interface ScoreService {
  ports?: Record<string, ScoreServicePort>;
}

export interface ScoreContainerFile {
  mode?: string;
  source?: string;
  content?: string;
  binaryContent?: string;
  noExpand?: boolean;
}

export interface ScoreContainerVolume {
  source: string;
  path?: string;
  readOnly?: boolean;
}

export interface ScoreResourcesLimits {
  memory?: string;
  cpu?: string;
}

export interface ScoreHttpHeader {
  name: string;
  value: string;
}

export interface ScoreHttpProbe {
  host?: string;
  scheme?: "HTTP" | "HTTPS";
  path: string;
  port: number;
  httpHeaders?: ScoreHttpHeader[];
}

export interface ScoreExecProbe {
  command: string[];
}

export interface ScoreContainerProbe {
  httpGet?: ScoreHttpProbe;
  exec?: ScoreExecProbe;
}

export interface ScoreContainer {
  image: string;
  command?: string[];
  args?: string[];
  variables?: Record<string, string>;
  files?: Record<string, ScoreContainerFile>;
  volumes?: Record<string, ScoreContainerVolume>;
  resources?: { limits?: ScoreResourcesLimits; requests?: ScoreResourcesLimits };
  livenessProbe?: ScoreContainerProbe;
  readinessProbe?: ScoreContainerProbe;
  /** `X.before.Y` means X must reach `ready` before Y starts (score-compose reading, score.md §6). */
  before?: Record<string, { ready: ScoreReadyCondition }>;
}

export interface ScoreResourceMetadata {
  annotations?: Record<string, string>;
  [key: string]: unknown;
}

export interface ScoreResource {
  type: string;
  class?: string;
  id?: string;
  metadata?: ScoreResourceMetadata;
  params?: Record<string, unknown>;
}

export interface ScoreWorkload {
  apiVersion: "score.dev/v1b1";
  metadata: ScoreWorkloadMetadata;
  service?: ScoreService;
  containers: Record<string, ScoreContainer>;
  resources?: Record<string, ScoreResource>;
}

/**
 * The stage that produced an error, in the order the reference CLIs run them
 * (see invalid/expected.yaml in the compatibility corpus). `overrides`, `upgrade` and `image`
 * are Baton's names for the steps between them.
 */
export type ScoreStage =
  | "yaml-decode"
  | "pre-check"
  | "overrides"
  | "upgrade"
  | "schema"
  | "extra-validation"
  | "image";

export interface ScoreError {
  stage: ScoreStage;
  /** JSON pointer into the (upgraded) document, e.g. `/containers/main/variables/PORT`; `""` is the root. */
  path: string;
  /** Dotted form of `path` for people, e.g. `containers.main.variables.PORT`; `""` is the root. */
  field: string;
  /** 1-based line and column in the source file (nearest existing node when the path was added by an override). */
  line: number;
  column: number;
  message: string;
  /** Optional extra advice ("wrap the value in quotes", "did you mean …"). */
  hint?: string;
}

export type JsonObject = Record<string, unknown>;
