/**
 * The Go text/template + Sprig engine the template-style drivers need. It is injected so the
 * drivers stay independent of how templates are executed (and tests can pin randomness).
 */
export interface TemplateEngine {
  /** Renders `text` (a template named `name`, used in error messages) against `data`. Throws on error. */
  render(name: string, text: string, data: unknown): string;
}
