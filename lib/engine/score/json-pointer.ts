/** JSON pointer (RFC 6901) helpers and the dotted "field" form shown to people. */

export function escapePointerSegment(segment: string): string {
  return segment.replace(/~/g, "~0").replace(/\//g, "~1");
}

export function unescapePointerSegment(segment: string): string {
  return segment.replace(/~1/g, "/").replace(/~0/g, "~");
}

export function pointerFromSegments(segments: readonly (string | number)[]): string {
  return segments.map((s) => "/" + escapePointerSegment(String(s))).join("");
}

export function segmentsFromPointer(pointer: string): string[] {
  if (pointer === "") return [];
  return pointer.slice(1).split("/").map(unescapePointerSegment);
}

export function appendPointer(pointer: string, segment: string | number): string {
  return `${pointer}/${escapePointerSegment(String(segment))}`;
}

/**
 * `/containers/main/variables/PORT` → `containers.main.variables.PORT`. Keys that are not plain
 * names (file paths, annotation keys, keys with dots) are written in brackets and quotes, e.g.
 * `containers.main.files["/etc/app.conf"].mode`, so the text stays unambiguous.
 */
export function fieldFromPointer(pointer: string): string {
  let field = "";
  for (const segment of segmentsFromPointer(pointer)) {
    if (/^[A-Za-z0-9_-]+$/.test(segment)) field += field === "" ? segment : `.${segment}`;
    else field += `[${JSON.stringify(segment)}]`;
  }
  return field;
}
