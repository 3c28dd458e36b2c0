/** The parts of Go's net/url that Sprig's urlParse and urlJoin use (Parse and URL.String). */
import { decodeUtf8Lenient, utf8Bytes } from "../utf8";

export interface GoUrl {
  scheme: string;
  opaque: string;
  user: string | null; // already escaped userinfo, as Userinfo.String() prints it
  host: string;
  path: string;
  rawQuery: string;
  fragment: string;
  forceQuery?: boolean;
}

type Mode = "path" | "host" | "zone" | "userPassword" | "queryComponent" | "fragment";

function shouldEscape(c: number, mode: Mode): boolean {
  if ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39)) return false;
  const ch = String.fromCharCode(c);
  if (mode === "host" || mode === "zone") {
    if ("!$&'()*+,;=:[]<>\"".includes(ch)) return false;
  }
  if ("-_.~".includes(ch)) return false;
  if ("$&+,/:;=?@".includes(ch)) {
    switch (mode) {
      case "path":
        return ch === "?";
      case "userPassword":
        return ch === "@" || ch === "/" || ch === "?" || ch === ":";
      case "queryComponent":
        return true;
      case "fragment":
        return false;
    }
  }
  if (mode === "fragment" && "!()*".includes(ch)) return false;
  return true;
}

function escape(s: string, mode: Mode): string {
  let out = "";
  for (const b of utf8Bytes(s)) {
    if (shouldEscape(b, mode)) {
      if (b === 0x20 && mode === "queryComponent") out += "+";
      else out += "%" + b.toString(16).toUpperCase().padStart(2, "0");
    } else out += String.fromCharCode(b);
  }
  return out;
}

class UrlError extends Error {}

function unescape(s: string, mode: Mode): string {
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === "%") {
      const hex = s.slice(i + 1, i + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) {
        const bad = s.slice(i, i + 3);
        throw new UrlError(`invalid URL escape ${JSON.stringify(bad)}`);
      }
      bytes.push(parseInt(hex, 16));
      i += 2;
      continue;
    }
    if ((mode === "host" || mode === "zone") && c.charCodeAt(0) < 0x80 && shouldEscape(c.charCodeAt(0), mode)) {
      throw new UrlError(`invalid character ${JSON.stringify(c)} in host name`);
    }
    for (const b of utf8Bytes(c)) bytes.push(b);
  }
  return decodeUtf8Lenient(Uint8Array.from(bytes));
}

function getScheme(raw: string): [string, string] {
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (/[a-zA-Z]/.test(c)) continue;
    if (/[0-9+\-.]/.test(c)) {
      if (i === 0) return ["", raw];
      continue;
    }
    if (c === ":") {
      if (i === 0) throw new UrlError("missing protocol scheme");
      return [raw.slice(0, i), raw.slice(i + 1)];
    }
    return ["", raw];
  }
  return ["", raw];
}

function validOptionalPort(port: string): boolean {
  if (port === "") return true;
  if (port[0] !== ":") return false;
  return /^[0-9]*$/.test(port.slice(1));
}

function parseHost(host: string): string {
  if (host.startsWith("[")) {
    const i = host.lastIndexOf("]");
    if (i < 0) throw new UrlError("missing ']' in host");
    const colonPort = host.slice(i + 1);
    if (!validOptionalPort(colonPort)) throw new UrlError(`invalid port ${JSON.stringify(colonPort)} after host`);
    return unescape(host, "host");
  }
  const i = host.lastIndexOf(":");
  if (i >= 0) {
    const colonPort = host.slice(i);
    if (!validOptionalPort(colonPort)) throw new UrlError(`invalid port ${JSON.stringify(colonPort)} after host`);
  }
  return unescape(host, "host");
}

function parseAuthority(authority: string): { user: string | null; host: string } {
  const i = authority.lastIndexOf("@");
  if (i < 0) return { user: null, host: parseHost(authority) };
  const userinfo = authority.slice(0, i);
  const host = parseHost(authority.slice(i + 1));
  if (!/^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/.test(userinfo)) throw new UrlError("net/url: invalid userinfo");
  const colon = userinfo.indexOf(":");
  if (colon < 0) return { user: escape(unescape(userinfo, "userPassword"), "userPassword"), host };
  const username = unescape(userinfo.slice(0, colon), "userPassword");
  const password = unescape(userinfo.slice(colon + 1), "userPassword");
  return { user: escape(username, "userPassword") + ":" + escape(password, "userPassword"), host };
}

/** url.Parse; throws with Go's `parse "URL": reason` text. */
export function parseUrl(raw: string): GoUrl {
  try {
    return parseUrlInner(raw);
  } catch (err) {
    if (err instanceof UrlError) throw new Error(`parse ${JSON.stringify(raw)}: ${err.message}`);
    throw err;
  }
}

function parseUrlInner(raw: string): GoUrl {
  let rest = raw;
  let fragment = "";
  const hash = rest.indexOf("#");
  if (hash >= 0) {
    fragment = unescape(rest.slice(hash + 1), "fragment");
    rest = rest.slice(0, hash);
  }
  // eslint-disable-next-line no-control-regex -- Go rejects control bytes in URLs
  if (/[\x00-\x1f\x7f]/.test(rest)) throw new UrlError("net/url: invalid control character in URL");
  const u: GoUrl = { scheme: "", opaque: "", user: null, host: "", path: "", rawQuery: "", fragment };
  if (rest === "*") {
    u.path = "*";
    return u;
  }
  const [scheme, afterScheme] = getScheme(rest);
  u.scheme = scheme.toLowerCase();
  rest = afterScheme;
  if (rest.endsWith("?") && rest.split("?").length === 2) {
    u.forceQuery = true;
    rest = rest.slice(0, -1);
  } else {
    const q = rest.indexOf("?");
    if (q >= 0) {
      u.rawQuery = rest.slice(q + 1);
      rest = rest.slice(0, q);
    }
  }
  if (!rest.startsWith("/")) {
    if (u.scheme !== "") {
      u.opaque = rest;
      return u;
    }
    const seg = rest.split("/")[0];
    if (seg.includes(":")) throw new UrlError("first path segment in URL cannot contain colon");
  }
  if ((u.scheme !== "" || !rest.startsWith("///")) && rest.startsWith("//")) {
    let authority = rest.slice(2);
    const slash = authority.indexOf("/");
    rest = slash >= 0 ? authority.slice(slash) : "";
    if (slash >= 0) authority = authority.slice(0, slash);
    const a = parseAuthority(authority);
    u.user = a.user;
    u.host = a.host;
  }
  u.path = unescape(rest, "path");
  return u;
}

/** URL.String(). */
export function urlToString(u: GoUrl): string {
  let buf = "";
  if (u.scheme !== "") buf += u.scheme + ":";
  if (u.opaque !== "") buf += u.opaque;
  else {
    if (u.scheme !== "" || u.host !== "" || u.user !== null) {
      if (u.host !== "" || u.path !== "" || u.user !== null) buf += "//";
      if (u.user !== null) buf += u.user + "@";
      if (u.host !== "") buf += escape(u.host, "host");
    }
    const path = escape(u.path, "path");
    if (path !== "" && path[0] !== "/" && u.host !== "") buf += "/";
    if (buf.length === 0) {
      const seg = path.split("/")[0];
      if (seg.includes(":")) buf += "./";
    }
    buf += path;
  }
  if (u.forceQuery || u.rawQuery !== "") buf += "?" + u.rawQuery;
  if (u.fragment !== "") buf += "#" + escape(u.fragment, "fragment");
  return buf;
}
