import { mapSet, parseTemplate, toGoValue, type ExecutionLimits, type GoMap, type RandomSource, type Template } from "@/lib/engine/gotemplate";
import { pooledCryptoRandom } from "./pooled-random";
import type { TemplateEngine, TemplateSession } from "./template-engine";

const CACHE_LIMIT = 2000;

/**
 * Sprig functions that change a map passed to them (set, unset, and the merges write into
 * their first argument). A template calling none of them cannot change its data.
 */
const MUTATING_FUNCTIONS = ["set", "unset", "merge", "mustMerge", "mergeOverwrite", "mustMergeOverwrite"];

function mayChangeData(template: Template): boolean {
  return MUTATING_FUNCTIONS.some((fn) => template.calledFunctions.has(fn));
}

/**
 * The TemplateEngine backed by Baton's Go text/template + Sprig interpreter. Data reaches the
 * templates as yaml.v3 would decode it (whole numbers are ints), which is how definitions
 * and rendered `init` outputs are read. Parsed templates are cached by name and text.
 */
export function createGoTemplateEngine(options: { random?: RandomSource; limits?: Readonly<ExecutionLimits> } = {}): TemplateEngine {
  // keyed by text, then name: the text is the same string object on every render of a
  // definition, so V8 hashes it once (a combined `name + text` key was re-hashed every time)
  const cache = new Map<string, Map<string, Template>>();
  let size = 0;
  const random = options.random ?? pooledCryptoRandom();
  const execution = options.limits ? { random, limits: options.limits } : { random };
  const lookup = (name: string, text: string): Template => {
    let byName = cache.get(text);
    let template = byName?.get(name);
    if (template) return template;
    template = parseTemplate(name, text);
    if (size >= CACHE_LIMIT) {
      // drop the oldest text with all its names
      const [oldestText, oldest] = cache.entries().next().value as [string, Map<string, Template>];
      cache.delete(oldestText);
      size -= oldest.size;
      if (oldestText === text) byName = undefined;
    }
    if (!byName) cache.set(text, (byName = new Map()));
    byName.set(name, template);
    size++;
    return template;
  };
  // Templates that may change their data get a fresh conversion each time (as `render`
  // does), so a `set` never leaks into the next template; the others share one conversion.
  const session = (data: Record<string, unknown>): TemplateSession => {
    const plain = new Map(Object.entries(data));
    const converted = toGoValue(data) as GoMap;
    return {
      render(name, text) {
        const template = lookup(name, text);
        return template.execute(mayChangeData(template) ? toGoValue(Object.fromEntries(plain)) : converted, execution);
      },
      set(key, value) {
        plain.set(key, value);
        mapSet(converted, key, toGoValue(value));
      },
    };
  };
  return {
    render(name, text, data) {
      return lookup(name, text).execute(toGoValue(data), execution);
    },
    session,
  };
}
