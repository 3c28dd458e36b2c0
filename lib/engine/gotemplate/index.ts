/**
 * Go text/template + Sprig, in TypeScript, with Go's semantics and error texts.
 * See README.md in this folder for what is supported and how data must be decoded.
 */
import { Template, type ExecuteOptions, type ParseOptions } from "./template";
import type { GoValue } from "./values";

export { Template, type ExecuteOptions, type ParseOptions } from "./template";
export { GoTemplateError, GoFuncError, TemplateBudgetError, type TemplateBudget } from "./errors";
export { DEFAULT_EXECUTION_LIMITS, type ExecutionLimits } from "./budget";
export { fromGoJson, fromGoYaml, toGoValue, GoDataError } from "./decode";
export { sprigFuncs } from "./funcs/sprig";
export { builtinFuncs } from "./funcs/builtins";
export { goFunc, type FuncMap, type GoFunc, type GoParamType, type RandomSource, type CallContext } from "./funcs/types";
export { cryptoRandom, seededRandom } from "./random";
export { formatValue, sprint, sprintf } from "./fmt";
export { marshalJson } from "./json";
export { type GoValue, type GoMap, type GoSlice, Int64, goTypeName, isMap, mapSet } from "./values";

/** Parses a template once; execute it many times with `template.execute(data, options)`. */
export function parseTemplate(name: string, text: string, options?: ParseOptions): Template {
  return Template.parse(name, text, options);
}

/** Parses and executes in one go. */
export function renderTemplate(name: string, text: string, data: GoValue, options: ParseOptions & ExecuteOptions = {}): string {
  return Template.parse(name, text, options).execute(data, options);
}
