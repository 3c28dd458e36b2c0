/**
 * Where an environment's objects go, as a cluster driver describes it. The target itself
 * (applying, committing) lives behind `Target`; the plan only carries the description.
 */
export type TargetDescription =
  | {
      kind: "kubernetes";
      name?: string;
      server: string;
      certificate_authority_data?: string;
      insecure_skip_tls_verify?: boolean;
      loadbalancer?: string;
      /** Names of secret inputs present (never their values). */
      credentials: { token?: true; client_certificate?: true };
      agent_url?: boolean;
    }
  | {
      kind: "gitops";
      url: string;
      branch: string;
      path: string;
      loadbalancer?: string;
      credentials: { ssh_key?: true; password?: true };
    }
  | { kind: "none" };

export interface TargetObjectRef {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}

export interface ApplyRequest {
  app_id: string;
  env_id: string;
  deploy_id: string;
  namespace: string;
  objects: Record<string, unknown>[];
  /** Objects the previous deployment owned, for pruning. */
  previous?: TargetObjectRef[];
  /**
   * Per-workload rollout settings (a module's `deploy`), keyed by object id `Kind/namespace/name`
   * of the Deployment or StatefulSet. `success: "deploy"` does not wait; the default waits until
   * the workload is available. Targets that cannot observe rollouts ignore this.
   */
  rollout?: Record<string, { timeout_seconds?: number; success?: "deploy" | "available" | "complete" }>;
  /** Progress as it happens (apply, prune, rollout); added to the target's own listener. */
  onEvent?: (event: TargetEvent) => void;
}

/** A progress step a target reports while applying (becomes a deployment event). */
export interface TargetEvent {
  /** What happened: applied, pruned, rollout-progress, rollout-complete, … */
  type: string;
  /** `Kind/namespace/name` of the object, when the event is about one. */
  object_id?: string;
  message: string;
  at: string;
}

export interface ApplyResult {
  applied: TargetObjectRef[];
  pruned: TargetObjectRef[];
  /** Per applied object, what the target did (when it can tell). */
  outcomes?: TargetObjectOutcome[];
}

export interface TargetObjectOutcome {
  ref: TargetObjectRef;
  /** created: did not exist; configured: existed (changed or not); unchanged: resourceVersion kept. */
  action: "created" | "configured" | "unchanged";
  resource_version?: string;
}

/** A deployment target. Implementations: in-memory (here), GitOps and Kubernetes (other modules). */
export interface Target {
  readonly kind: TargetDescription["kind"];
  apply(request: ApplyRequest): Promise<ApplyResult>;
}
