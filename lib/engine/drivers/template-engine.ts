/**
 * The Go text/template + Sprig engine the template-style drivers need. It is injected so the
 * drivers stay independent of how templates are executed (and tests can pin randomness).
 */
export interface TemplateEngine {
  /** Renders `text` (a template named `name`, used in error messages) against `data`. Throws on error. */
  render(name: string, text: string, data: unknown): string;
  /**
   * Optional: several renders against one data map that only grows between them (the template
   * driver's init → manifests → outputs → secrets → cookie), so the engine can convert each
   * entry once. Each render must see exactly what `render(name, text, data)` would.
   */
  session?(data: Record<string, unknown>): TemplateSession;
}

export interface TemplateSession {
  render(name: string, text: string): string;
  /** Adds (or replaces) a top-level entry of the data. */
  set(key: string, value: unknown): void;
}

/** A session for any engine: renders against the plain data each time. */
export function templateSession(engine: TemplateEngine, data: Record<string, unknown>): TemplateSession {
  if (engine.session) return engine.session(data);
  const plain = { ...data };
  return {
    render: (name, text) => engine.render(name, text, plain),
    set: (key, value) => {
      plain[key] = value;
    },
  };
}
