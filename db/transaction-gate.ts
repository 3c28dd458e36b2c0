import { AsyncLocalStorage } from "node:async_hooks";

/**
 * One SQLite connection serves the whole process, and a transaction's statements are spread over
 * several turns of the event loop. The gate keeps every statement that does not belong to the
 * open transaction waiting until it ends, so another request's write can never land inside it
 * (and be committed or rolled back with it). Transactions run one after another, in order.
 */
export class TransactionGate {
  private readonly context = new AsyncLocalStorage<symbol>();
  private owner: symbol | null = null;
  private released: Promise<void> = Promise.resolve();
  private queue: Promise<void> = Promise.resolve();

  /** Resolves once a statement from the caller's context may run. */
  async beforeStatement(): Promise<void> {
    while (this.owner !== null && this.context.getStore() !== this.owner) await this.released;
  }

  async run<T>(body: () => Promise<T>): Promise<T> {
    if (this.owner !== null && this.context.getStore() === this.owner) {
      throw new Error("db.transaction called inside a transaction: use tx.transaction for a savepoint");
    }
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const before = this.queue;
    this.queue = before.then(() => mine);
    await before;
    const token = Symbol("transaction");
    this.owner = token;
    this.released = mine;
    try {
      return await this.context.run(token, body);
    } finally {
      this.owner = null;
      release();
    }
  }
}
