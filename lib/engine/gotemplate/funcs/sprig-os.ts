/**
 * Sprig's functions that reach outside the template: the process environment and DNS.
 * Templates in Baton are written by any definition editor and run on the server, so they see
 * an empty environment (no server variable, secret or path leaks into a rendered manifest)
 * and may not resolve host names (no lookups of internal names, no DNS as a side channel).
 */
import { GoFuncError } from "../errors";
import { type FuncMap, goFunc } from "./types";

const isShellSpecial = (c: string): boolean => "*#$@!?-0123456789".includes(c);
const isAlphaNum = (c: string): boolean => c === "_" || (c >= "0" && c <= "9") || (c >= "a" && c <= "z") || (c >= "A" && c <= "Z");

/** os.getShellName: the variable name after a `$` and how many characters it spans. */
function shellName(s: string): [string, number] {
  if (s[0] === "{") {
    if (s.length > 2 && isShellSpecial(s[1]) && s[2] === "}") return [s[1], 3];
    for (let i = 1; i < s.length; i++) {
      if (s[i] === "}") return i === 1 ? ["", 2] : [s.slice(1, i), i + 1];
    }
    return ["", 1];
  }
  if (isShellSpecial(s[0])) return [s[0], 1];
  let i = 0;
  while (i < s.length && isAlphaNum(s[i])) i++;
  return [s.slice(0, i), i];
}

/** os.ExpandEnv against an empty environment: every variable expands to "". */
function expandEmptyEnv(s: string): string {
  let out = "";
  let from = 0;
  let changed = false;
  for (let j = 0; j < s.length; j++) {
    if (s[j] !== "$" || j + 1 >= s.length) continue;
    changed = true;
    out += s.slice(from, j);
    const [name, width] = shellName(s.slice(j + 1));
    // bad syntax eats the characters; "$" before no name stays
    if (name === "" && width === 0) out += "$";
    j += width;
    from = j + 1;
  }
  return changed ? out + s.slice(from) : s;
}

export const sprigOsFuncs: FuncMap = {
  env: goFunc(["string"], () => ""),
  expandenv: goFunc(["string"], ([s]) => expandEmptyEnv(s as string)),
  getHostByName: goFunc(["string"], ([name]) => {
    throw new GoFuncError(`getHostByName is disabled in Baton: templates may not look up host names (asked for ${JSON.stringify(name)})`);
  }),
};
