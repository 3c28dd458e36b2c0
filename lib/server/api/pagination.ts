import { z } from "zod";
import { SafeError } from "@/lib/server/errors";

/**
 * Lists paginate like Humanitec's: `per_page` (items per page) and `page` (an opaque token
 * from the previous response). The body stays a plain JSON array; the next page is announced
 * in a `Link: <…>; rel="next"` header (and `X-Next-Page` with the bare token).
 */
export const DEFAULT_PER_PAGE = 50;
export const MAX_PER_PAGE = 100;

export const paginationQuery = z.object({
  per_page: z.coerce.number().int().min(1).max(MAX_PER_PAGE).optional().describe(`Items per page (1–${MAX_PER_PAGE}, default ${DEFAULT_PER_PAGE})`),
  page: z.string().optional().describe("Page token from the previous response's Link / X-Next-Page header"),
});

export interface PageRequest {
  perPage: number;
  offset: number;
  /**
   * Keyset lists (deployments): the sort key of the last item of the previous page, from a
   * `k:` token. A deep page is then one index seek instead of reading every skipped row.
   */
  after?: string[];
}

export interface Page<T> {
  items: T[];
  /** Offset of the next page; absent on the last page. */
  nextOffset?: number;
  /** Keyset lists: sort key of the last item, where the next page continues. */
  nextAfter?: string[];
}

const invalidToken = (token: string) =>
  new SafeError("invalid", `page: "${token}" is not a page token from a previous response`, { fields: [{ field: "page", message: "invalid page token" }] });

export function encodePageToken(offset: number): string {
  return Buffer.from(`o:${offset}`).toString("base64url");
}

export function encodeKeysetToken(after: readonly string[]): string {
  return Buffer.from(`k:${JSON.stringify(after)}`).toString("base64url");
}

/** An offset (`o:` token) or a keyset position (`k:` token). */
export function decodePageToken(token: string): { offset: number } | { after: string[] } {
  const text = Buffer.from(token, "base64url").toString("utf8");
  const offset = /^o:(\d{1,9})$/.exec(text);
  if (offset) return { offset: Number(offset[1]) };
  if (text.startsWith("k:") && text.length <= 1000) {
    let key: unknown;
    try {
      key = JSON.parse(text.slice(2));
    } catch {
      throw invalidToken(token);
    }
    if (Array.isArray(key) && key.length > 0 && key.length <= 4 && key.every((part) => typeof part === "string")) return { after: key };
  }
  throw invalidToken(token);
}

export function pageRequestOf(query: { per_page?: number; page?: string }): PageRequest {
  const perPage = query.per_page ?? DEFAULT_PER_PAGE;
  if (!query.page) return { perPage, offset: 0 };
  const position = decodePageToken(query.page);
  return "after" in position ? { perPage, offset: 0, after: position.after } : { perPage, offset: position.offset };
}

/** A well-formed page token handed out by a different list. */
export const tokenOfAnotherList = () => new SafeError("invalid", "page: the token belongs to another list", { fields: [{ field: "page", message: "invalid page token" }] });

/** Offset lists refuse a keyset token (it came from another list). */
function offsetOf(req: PageRequest): number {
  if (req.after) throw tokenOfAnotherList();
  return req.offset;
}

/** Pages an in-memory list (small collections: apps, envs, users …). */
export function pageOf<T>(all: readonly T[], req: PageRequest): Page<T> {
  const offset = offsetOf(req);
  const items = all.slice(offset, offset + req.perPage);
  const next = offset + req.perPage;
  return next < all.length ? { items, nextOffset: next } : { items };
}

/** For queries that fetched `perPage + 1` rows to learn whether another page exists. */
export function pageOfFetched<T>(rows: T[], req: PageRequest): Page<T> {
  const offset = offsetOf(req);
  if (rows.length > req.perPage) return { items: rows.slice(0, req.perPage), nextOffset: offset + req.perPage };
  return { items: rows };
}

/** For keyset queries that fetched `perPage + 1` rows; `keyOf` gives an item's sort key. */
export function pageOfKeyset<T>(rows: T[], req: PageRequest, keyOf: (item: T) => string[]): Page<T> {
  if (rows.length <= req.perPage) return { items: rows };
  const items = rows.slice(0, req.perPage);
  return { items, nextAfter: keyOf(items[items.length - 1]) };
}

export function nextPageHeaders(url: URL, page: Page<unknown>, perPage: number): Record<string, string> {
  let token: string;
  if (page.nextAfter) token = encodeKeysetToken(page.nextAfter);
  else if (page.nextOffset !== undefined) token = encodePageToken(page.nextOffset);
  else return {};
  const next = new URL(url);
  next.searchParams.set("page", token);
  next.searchParams.set("per_page", String(perPage));
  return { link: `<${next.pathname}${next.search}>; rel="next"`, "x-next-page": token };
}
