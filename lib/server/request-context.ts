import { AsyncLocalStorage } from "node:async_hooks";

/**
 * What the audit log records of the request that caused an operation (Humanitec's audit
 * entries are per request): method, path and the status it answers when it succeeds. API
 * routes and portal actions set it around their work; operations read it when they record
 * their audit entry, so no operation signature has to carry it.
 */
export interface RequestInfo {
  method: string;
  path: string;
  status: number;
}

const storage = new AsyncLocalStorage<RequestInfo>();

export function withRequestInfo<T>(info: RequestInfo, fn: () => T): T {
  return storage.run(info, fn);
}

export function currentRequestInfo(): RequestInfo | undefined {
  return storage.getStore();
}
