import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";

/**
 * Where a webhook may post: a public address only. A hook is written by an application owner
 * but delivered from inside the installation, so without this check it could reach the
 * cluster's internal services, the database or a cloud metadata endpoint (SSRF). Hosts the
 * installation lists in BATON_WEBHOOK_ALLOWED_HOSTS are exempt (a receiver on the same
 * network, or 127.0.0.1 in tests).
 */

const blocked = new BlockList();
for (const [net, bits] of [
  ["0.0.0.0", 8], // "this network"; 0.0.0.0 reaches the local host on Linux
  ["10.0.0.0", 8],
  ["100.64.0.0", 10], // carrier-grade NAT
  ["127.0.0.0", 8],
  ["169.254.0.0", 16], // link-local, with the cloud metadata endpoint 169.254.169.254
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, and the broadcast address
] as const) blocked.addSubnet(net, bits, "ipv4");
for (const [net, bits] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7], // unique local
  ["fe80::", 10], // link-local
  ["ff00::", 8], // multicast
  ["64:ff9b::", 96], // NAT64 of IPv4 addresses, which may be private
] as const) blocked.addSubnet(net, bits, "ipv6");

/** An IPv4 address written as IPv6 (::ffff:10.0.0.1, ::ffff:a00:1) is judged as IPv4. */
function embeddedIpv4(address: string): string | undefined {
  const m = /^::ffff:(?:0:)?(.+)$/i.exec(address);
  if (!m) return undefined;
  if (isIP(m[1]) === 4) return m[1];
  const hex = /^([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(m[1]);
  if (!hex) return undefined;
  const n = (parseInt(hex[1], 16) << 16) | parseInt(hex[2], 16);
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
}

/** Whether `address` (an IP literal) is private, loopback, link-local or otherwise not public. */
export function isNonPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return blocked.check(address, "ipv4");
  if (family === 6) {
    const v4 = embeddedIpv4(address);
    return v4 ? blocked.check(v4, "ipv4") : blocked.check(address, "ipv6");
  }
  return true;
}

/** BATON_WEBHOOK_ALLOWED_HOSTS as a set of lowercase host names or addresses (IPv6 without brackets). */
export function parseAllowedHosts(list: string | undefined): Set<string> {
  return new Set((list ?? "").split(",").map((h) => h.trim().toLowerCase().replace(/^\[|\]$/g, "")).filter(Boolean));
}

export class WebhookAddressError extends Error {}

/** The URL's host as written, without IPv6 brackets, lowercase. */
export function hostOf(url: URL): string {
  return url.hostname.toLowerCase().replace(/^\[|\]$/g, "");
}

const nonPublic = (host: string, address: string) =>
  `${host === address ? host : `${host} resolves to ${address}, which`} is a private, loopback or link-local address; webhooks only reach public addresses`;

const LOOKUP_TIMEOUT_MS = 5_000;

/** A resolver that hangs must not hold a delivery's lease: the lookup gets a bound of its own. */
async function withinLookupTime<T>(p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error("timed out"), { code: "ETIMEOUT" })), LOOKUP_TIMEOUT_MS);
  });
  try {
    return await Promise.race([p, late]);
  } finally {
    clearTimeout(timer);
  }
}

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/**
 * The address to connect to for `url`: the host resolved now, every address it has checked
 * (one private address is enough to refuse: a resolver could hand it out next time). The
 * caller connects to exactly this address, so a second resolution cannot swap in another one.
 */
export async function resolveDeliveryAddress(url: URL, allowedHosts: Set<string>, resolve: typeof lookup = lookup): Promise<ResolvedAddress> {
  const host = hostOf(url);
  const literal = isIP(host);
  const addresses: ResolvedAddress[] = literal
    ? [{ address: host, family: literal as 4 | 6 }]
    : (await withinLookupTime(resolve(host, { all: true, verbatim: true })).catch((err: NodeJS.ErrnoException) => {
        throw new WebhookAddressError(`could not resolve ${host}: ${err.code ?? err.message}`);
      })).map((a) => ({ address: a.address, family: a.family as 4 | 6 }));
  if (addresses.length === 0) throw new WebhookAddressError(`${host} has no address`);
  if (!allowedHosts.has(host)) {
    const bad = addresses.find((a) => isNonPublicAddress(a.address));
    if (bad) throw new WebhookAddressError(`${nonPublic(host, bad.address)} (an installation can allow a host in BATON_WEBHOOK_ALLOWED_HOSTS)`);
  }
  return addresses[0];
}

/** A hook's URL as written (Humanitec's are written without a protocol: https is assumed), or undefined. */
export function parseWebhookUrl(raw: string): URL | undefined {
  const text = raw.trim();
  try {
    return new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`);
  } catch {
    return undefined;
  }
}

/**
 * Checks a webhook URL as written: a parsable http(s) URL (Humanitec's hooks are written
 * without a protocol; https is assumed), no credentials, and no host that is or resolves to a
 * non-public address. Returns the normalised URL, or the problem (phrased for the field `url`).
 * Plain http is accepted only for allowed hosts: a hook's body and signature travel in clear.
 */
export async function checkWebhookUrl(raw: string, allowedHosts: Set<string>, resolve: typeof lookup = lookup): Promise<{ ok: true; url: string } | { ok: false; message: string }> {
  const url = parseWebhookUrl(raw);
  if (!url) return { ok: false, message: "is not a valid URL (e.g. https://hooks.example.com/baton)" };
  if (url.protocol !== "https:" && url.protocol !== "http:") return { ok: false, message: `must be an https URL, not ${url.protocol.replace(/:$/, "")}` };
  // Never echo the URL back: it holds the credentials.
  if (url.username || url.password) return { ok: false, message: "must not contain a user name or password; send credentials in a header instead" };
  if (!url.hostname) return { ok: false, message: "must name a host" };
  const host = hostOf(url);
  if (url.protocol === "http:" && !allowedHosts.has(host)) return { ok: false, message: "must use https (plain http only for hosts in BATON_WEBHOOK_ALLOWED_HOSTS)" };
  if (!allowedHosts.has(host)) {
    if (isIP(host)) {
      if (isNonPublicAddress(host)) return { ok: false, message: nonPublic(host, host) };
    } else {
      // Resolution may fail here (no DNS yet, a name that appears later): delivery checks again.
      const found = await withinLookupTime(resolve(host, { all: true, verbatim: true })).catch(() => []);
      const bad = found.find((a) => isNonPublicAddress(a.address));
      if (bad) return { ok: false, message: nonPublic(host, bad.address) };
    }
  }
  return { ok: true, url: url.toString() };
}
