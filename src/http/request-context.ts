import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { Language } from '../errors.js';

export interface RequestScope {
  requestId: string;
  language: Language;
}

const storage = new AsyncLocalStorage<RequestScope>();

/**
 * The request id and language follow the request through Apollo into `formatError`, which is not given
 * the GraphQL context: masked errors must name the request id that the logs carry.
 */
export function runInRequestScope<T>(scope: RequestScope, fn: () => T): T {
  return storage.run(scope, fn);
}

export function currentScope(): RequestScope {
  return storage.getStore() ?? { requestId: 'none', language: 'zh' };
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
