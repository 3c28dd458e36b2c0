/**
 * DNS names, routes and the Ingress that serves them, as template definitions:
 * - `dns`: `<res label>-<env>-<app>.<base domain>`; co-provisions an `ingress` with the same res_id.
 * - `route`: echoes its params (host, path, port) and the target service (the workload the
 *   route belongs to, unless `service` is given) as outputs, so ingresses can select them.
 * - `ingress`: one Ingress per dns host with a rule path for every route that uses that dns,
 *   collected with the `dns<route` selector (which also orders the ingress after the routes).
 *
 * Default base domain `localhost`: every `*.localhost` name resolves to the loopback address
 * (RFC 6761; browsers and systemd-resolved honour it), which is where a local cluster's ingress
 * controller (kind, k3d, Docker Desktop) listens. Real clusters set a wildcard domain that points
 * at their ingress, e.g. `apps.example.com` or `<ip>.nip.io`.
 */
import type { ResourceDefinition } from "@/lib/engine/model/definition";
import { objectName, RES_LABEL } from "./template-snippets";

export const DEFAULT_BASE_DOMAIN = "localhost";

const DNS_OUTPUTS = [
  RES_LABEL,
  '{{- $label := printf "%s-%s-%s" $res .driver.values.env_id .driver.values.app_id | lower }}',
  "{{- if gt (len $label) 63 }}",
  '{{- $label = printf "%s-%s" ($label | trunc 54 | trimSuffix "-") (.id | lower | trunc 8) }}',
  "{{- end }}",
  'host: {{ printf "%s.%s" $label .driver.values.base_domain | quote }}',
  "",
].join("\n");

export function dnsDefinition(options: {
  id: string;
  criteria: ResourceDefinition["criteria"];
  baseDomain?: string;
}): ResourceDefinition {
  return {
    id: options.id,
    name: `DNS names under ${options.baseDomain ?? DEFAULT_BASE_DOMAIN}`,
    type: "dns",
    driver_type: "humanitec/template",
    driver_inputs: {
      values: {
        res_id: "${context.res.id}",
        app_id: "${context.app.id}",
        env_id: "${context.env.id}",
        base_domain: options.baseDomain ?? DEFAULT_BASE_DOMAIN,
        templates: { outputs: DNS_OUTPUTS },
      },
    },
    provision: { ingress: { is_dependent: true } },
    criteria: options.criteria,
  };
}

const ROUTE_OUTPUTS = [
  '{{- $parts := .driver.values.res_id | splitList "." }}',
  "{{- $service := .resource.service }}",
  '{{- if not $service }}{{ if eq (index $parts 0) "modules" }}{{ $service = index $parts 1 }}{{ end }}{{ end }}',
  "host: {{ .resource.host | quote }}",
  'path: {{ .resource.path | default "/" | quote }}',
  "port: {{ .resource.port | default 80 }}",
  "service: {{ $service | quote }}",
  "",
].join("\n");

export function routeDefinition(options: { id: string; criteria: ResourceDefinition["criteria"] }): ResourceDefinition {
  return {
    id: options.id,
    name: "Route (path on a DNS host to a workload port)",
    type: "route",
    driver_type: "humanitec/template",
    driver_inputs: { values: { res_id: "${context.res.id}", templates: { outputs: ROUTE_OUTPUTS } } },
    criteria: options.criteria,
  };
}

const INGRESS_INIT = [RES_LABEL, `name: ${objectName("ingress", 63)}`, ""].join("\n");

const INGRESS_MANIFESTS = `{{- if .driver.values.paths }}
ingress.yaml:
  location: namespace
  data:
    apiVersion: networking.k8s.io/v1
    kind: Ingress
    metadata:
      name: {{ .init.name }}
      labels:
        app.kubernetes.io/managed-by: baton
    spec:
      {{- if .driver.values.ingress_class }}
      ingressClassName: {{ .driver.values.ingress_class | quote }}
      {{- end }}
      rules:
        - host: {{ .driver.values.host | quote }}
          http:
            paths:
            {{- range $i, $path := .driver.values.paths }}
              - path: {{ $path | quote }}
                pathType: Prefix
                backend:
                  service:
                    name: {{ index $.driver.values.services $i | quote }}
                    port:
                      {{- $port := index $.driver.values.ports $i }}
                      {{- if regexMatch "^[0-9]+$" (toString $port) }}
                      number: {{ $port }}
                      {{- else }}
                      name: {{ $port | quote }}
                      {{- end }}
            {{- end }}
{{- end }}
`;

export function ingressDefinition(options: {
  id: string;
  criteria: ResourceDefinition["criteria"];
  ingressClassName?: string;
}): ResourceDefinition {
  return {
    id: options.id,
    name: "Ingress for a DNS host and its routes",
    type: "ingress",
    driver_type: "humanitec/template",
    driver_inputs: {
      values: {
        res_id: "${context.res.id}",
        host: "${resources.dns.outputs.host}",
        paths: "${resources.dns<route.outputs.path}",
        ports: "${resources.dns<route.outputs.port}",
        services: "${resources.dns<route.outputs.service}",
        ingress_class: options.ingressClassName ?? "",
        templates: { init: INGRESS_INIT, manifests: INGRESS_MANIFESTS, outputs: "id: {{ .init.name }}\n" },
      },
    },
    criteria: options.criteria,
  };
}
