/** Next.js start-up hook: the Node.js server boots Baton (see instrumentation-node.ts). */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { bootServer } = await import("./lib/server/instrumentation-node");
    await bootServer();
  }
}
