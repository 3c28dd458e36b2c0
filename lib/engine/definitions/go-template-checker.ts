/**
 * The TemplateChecker backed by Baton's Go template parser (lib/engine/gotemplate): parses each
 * template with the Sprig function map, so unknown functions and syntax errors are reported
 * with Go's message and line. validateDefinition uses it unless told otherwise.
 */
import { GoTemplateError, parseTemplate } from "@/lib/engine/gotemplate";
import type { TemplateChecker } from "./validate";

export const goTemplateChecker: TemplateChecker = (source, name) => {
  try {
    parseTemplate(name, source);
    return [];
  } catch (err) {
    if (err instanceof GoTemplateError) {
      return [{ message: err.message, ...(err.line !== undefined ? { line: err.line } : {}) }];
    }
    return [{ message: (err as Error).message }];
  }
};
