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
}

export interface ApplyResult {
  applied: TargetObjectRef[];
  pruned: TargetObjectRef[];
}

/** A deployment target. Implementations: in-memory (here), GitOps and Kubernetes (other modules). */
export interface Target {
  readonly kind: TargetDescription["kind"];
  apply(request: ApplyRequest): Promise<ApplyResult>;
}
