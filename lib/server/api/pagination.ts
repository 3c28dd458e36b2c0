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
}

export interface Page<T> {
  items: T[];
  /** Offset of the next page; absent on the last page. */
  nextOffset?: number;
}

export function encodePageToken(offset: number): string {
  return Buffer.from(`o:${offset}`).toString("base64url");
}

export function decodePageToken(token: string): number {
  const text = Buffer.from(token, "base64url").toString("utf8");
  const m = /^o:(\d{1,9})$/.exec(text);
  if (!m) throw new SafeError("invalid", `page: "${token}" is not a page token from a previous response`, { fields: [{ field: "page", message: "invalid page token" }] });
  return Number(m[1]);
}

export function pageRequestOf(query: { per_page?: number; page?: string }): PageRequest {
  return { perPage: query.per_page ?? DEFAULT_PER_PAGE, offset: query.page ? decodePageToken(query.page) : 0 };
}

/** Pages an in-memory list (small collections: apps, envs, users …). */
export function pageOf<T>(all: readonly T[], req: PageRequest): Page<T> {
  const items = all.slice(req.offset, req.offset + req.perPage);
  const next = req.offset + req.perPage;
  return next < all.length ? { items, nextOffset: next } : { items };
}

/** For queries that fetched `perPage + 1` rows to learn whether another page exists. */
export function pageOfFetched<T>(rows: T[], req: PageRequest): Page<T> {
  if (rows.length > req.perPage) return { items: rows.slice(0, req.perPage), nextOffset: req.offset + req.perPage };
  return { items: rows };
}

export function nextPageHeaders(url: URL, page: Page<unknown>, perPage: number): Record<string, string> {
  if (page.nextOffset === undefined) return {};
  const token = encodePageToken(page.nextOffset);
  const next = new URL(url);
  next.searchParams.set("page", token);
  next.searchParams.set("per_page", String(perPage));
  return { link: `<${next.pathname}${next.search}>; rel="next"`, "x-next-page": token };
}
