/**
 * From a `humanitec/k8s-cluster` resource's outputs to a target: `values.server` (+ CA data when
 * present) and `secrets.credentials` (`token`, or `client-certificate-data` + `client-key-data`).
 */
import type { TargetDescription } from "../types";
import { KubernetesTargetError } from "./errors";
import { isRecord } from "./objects";
import { createKubernetesTarget, type KubernetesTarget, type KubernetesTargetOptions } from "./target";

export type ClusterOutputsOptions = Omit<KubernetesTargetOptions, "server" | "certificateAuthorityData" | "token" | "clientCertificateData" | "clientKeyData" | "insecureSkipTlsVerify"> & {
  /** The plan's target description (carries `certificate_authority_data`, which the outputs' values do not). */
  description?: TargetDescription | null;
};

const str = (value: unknown): string | undefined => (typeof value === "string" && value !== "" ? value : undefined);

export function connectionFromClusterOutputs(values: Record<string, unknown>, secrets: Record<string, unknown>, description?: TargetDescription | null) {
  const clusterData = isRecord(values.cluster_data) ? values.cluster_data : {};
  const kube = description?.kind === "kubernetes" ? description : undefined;
  const server = str(values.server) ?? str(clusterData.server) ?? kube?.server;
  if (!server) {
    throw new KubernetesTargetError({ code: "k8s-config", object_id: "cluster", message: "the k8s-cluster resource has no server in its outputs (values.server)" });
  }
  const credentials = isRecord(secrets.credentials) ? secrets.credentials : {};
  const ca = str(values["certificate-authority-data"]) ?? str(clusterData["certificate-authority-data"]) ?? str(values.certificate_authority_data) ?? kube?.certificate_authority_data;
  const insecure = clusterData["insecure-skip-tls-verify"] === true || values["insecure-skip-tls-verify"] === true || kube?.insecure_skip_tls_verify === true;
  const token = str(credentials.token);
  const cert = str(credentials["client-certificate-data"]);
  const key = str(credentials["client-key-data"]);
  return {
    server,
    ...(ca ? { certificateAuthorityData: ca } : {}),
    ...(insecure ? { insecureSkipTlsVerify: true } : {}),
    ...(token ? { token } : {}),
    ...(cert ? { clientCertificateData: cert } : {}),
    ...(key ? { clientKeyData: key } : {}),
  };
}

/** The target for a k8s-cluster resource's outputs (values + secrets), as the deploy job holds them. */
export function targetFromClusterOutputs(values: Record<string, unknown>, secrets: Record<string, unknown>, options: ClusterOutputsOptions = {}): KubernetesTarget {
  const { description, ...rest } = options;
  return createKubernetesTarget({ ...rest, ...connectionFromClusterOutputs(values, secrets, description) });
}
