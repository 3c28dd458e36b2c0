import { parseTemplate, toGoValue, type RandomSource, type Template } from "@/lib/engine/gotemplate";
import { pooledCryptoRandom } from "./pooled-random";
import type { TemplateEngine } from "./template-engine";

const CACHE_LIMIT = 2000;

/**
 * The TemplateEngine backed by Baton's Go text/template + Sprig interpreter. Data reaches the
 * templates as yaml.v3 would decode it (whole numbers are ints), which is how definitions
 * and rendered `init` outputs are read. Parsed templates are cached by name and text.
 */
export function createGoTemplateEngine(options: { random?: RandomSource } = {}): TemplateEngine {
  const cache = new Map<string, Template>();
  const random = options.random ?? pooledCryptoRandom();
  return {
    render(name, text, data) {
      const key = `${name}\u0000${text}`;
      let template = cache.get(key);
      if (!template) {
        template = parseTemplate(name, text);
        if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
        cache.set(key, template);
      }
      return template.execute(toGoValue(data), { random });
    },
  };
}
