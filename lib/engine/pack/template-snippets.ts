/**
 * Go-template fragments shared by the pack's definitions. They run in the humanitec/template
 * driver after placeholders are resolved, so `.driver.values.res_id` holds the resource's
 * res_id (`modules.api.externals.db`, `shared.main-db`) and `.id` its GUResID.
 *
 * Only functions from the subset the engine implements are used (templates.md §10).
 */

/**
 * Sets `$res` to a readable label for the resource: `modules.api.externals.db` → `api-db`,
 * `shared.main-db` → `main-db`.
 */
export const RES_LABEL =
  '{{- $res := .driver.values.res_id | trimPrefix "shared." | trimPrefix "modules." | replace ".externals." "-" | replace "." "-" | lower }}';

/**
 * An object name `<prefix>-<res label>-<8 chars of the GUResID>`, at most `max` characters.
 * The GUResID suffix keeps names unique when long res_ids are cut. StatefulSet names must stay
 * within 52 characters (the controller-revision-hash label adds 11), hence max 52 by default.
 */
export function objectName(prefix: string, max = 52): string {
  const keep = max - 9; // "-" + 8 characters of the GUResID
  return `{{ printf "%s-%s" "${prefix}" $res | trunc ${keep} | trimSuffix "-" }}-{{ .id | lower | trunc 8 }}`;
}

/** Standard labels of the objects the pack creates (selector uses the instance label only). */
export function labelsYaml(component: string, indent: number): string {
  const pad = " ".repeat(indent);
  return [
    `${pad}app.kubernetes.io/name: ${component}`,
    `${pad}app.kubernetes.io/instance: {{ .init.name }}`,
    `${pad}app.kubernetes.io/managed-by: baton`,
  ].join("\n");
}
