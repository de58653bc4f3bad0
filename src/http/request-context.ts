import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { Language } from '../errors.js';

export interface RequestScope {
  requestId: string;
  language: Language;
  /** The client's address, as the socket gives it. */
  client: string;
  /** Whether the request carried credentials (an Authorization header). */
  credentials: boolean;
  /** The user signed in, or the name a sign-in tried; filled in as the request learns it. */
  user?: string;
  /** The GraphQL operation: its name, type and first field, once GraphQL has resolved it. */
  operation: { name?: string; type?: string; field?: string };
}

const storage = new AsyncLocalStorage<RequestScope>();

/**
 * The request id and language follow the request through Apollo into `formatError`, which is not given
 * the GraphQL context: masked errors must name the request id that the logs carry, and denials who was denied.
 */
export function runInRequestScope<T>(scope: RequestScope, fn: () => T): T {
  return storage.run(scope, fn);
}

export function currentScope(): RequestScope {
  return storage.getStore() ?? { requestId: 'none', language: 'zh', client: 'unknown', credentials: false, operation: {} };
}

const requestIdPattern = /^[A-Za-z0-9._-]{8,64}$/;

/** A caller-supplied X-Request-Id is kept when it is well-formed, so a client can correlate its logs. */
export function requestIdFrom(header: string | undefined): string {
  return header !== undefined && requestIdPattern.test(header) ? header : randomUUID();
}

/** Chinese unless the caller prefers English over it. */
export function languageFrom(acceptLanguage: string | undefined): Language {
  if (acceptLanguage === undefined) return 'zh';
  const ranked = acceptLanguage
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().toLowerCase().split(';');
      const q = params.find((p) => p.trim().startsWith('q='));
      return { tag, q: q === undefined ? 1 : Number(q.trim().slice(2)) || 0 };
    })
    .filter(({ tag }) => tag.startsWith('zh') || tag.startsWith('en'))
    .sort((a, b) => b.q - a.q);
  return ranked[0]?.tag.startsWith('en') === true ? 'en' : 'zh';
}

/**
 * The language of a request Node's HTTP parser could not read, from the bytes it had (`rawPacket` of its
 * clientError): the Accept-Language header when it is among them, else Chinese.
 */
export function languageOfUnread(rawPacket: Buffer | undefined): Language {
  const header = /^accept-language:[ \t]*([^\r\n]*)/im.exec(rawPacket?.toString('latin1') ?? '');
  return languageFrom(header?.[1]);
}
