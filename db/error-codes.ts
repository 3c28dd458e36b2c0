/** The `code` of an error and of its causes (drizzle wraps the driver's error), outermost first. */
export function errorCodes(err: unknown): string[] {
  const codes: string[] = [];
  for (let e = err, depth = 0; e instanceof Error && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (code !== undefined) codes.push(String(code));
  }
  return codes;
}

/** The messages of an error and of its causes, outermost first. */
export function errorMessages(err: unknown): string[] {
  const messages: string[] = [];
  for (let e = err, depth = 0; e instanceof Error && depth < 5; e = (e as { cause?: unknown }).cause, depth++) messages.push(e.message);
  return messages;
}
