import { sendHonouringRateLimit, type RateLimitPolicy } from './rate-limit.js';

/**
 * GraphQL over HTTP, as every command-line tool of the project speaks it: the server's errors keep their code,
 * and a request the rate limit refused is sent again after the server's `Retry-After`.
 */

export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** The server could not be reached at all (nothing listens, DNS, a refused or reset connection). */
export class UnreachableError extends Error {}

export interface Api {
  call<T>(query: string, variables?: Record<string, unknown>, token?: string): Promise<T>;
  signIn(username: string, password: string): Promise<string>;
}

export function client(url: string, language: 'zh' | 'en' = 'zh', rateLimit: RateLimitPolicy = {}): Api {
  const call = async <T>(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<T> => {
    let response: Response;
    try {
      const send = () =>
        fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'accept-language': language === 'zh' ? 'zh-CN' : 'en',
            ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
          },
          body: JSON.stringify({ query, variables }),
        });
      response = await sendHonouringRateLimit(send, rateLimit);
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      throw new UnreachableError(`${url}: ${cause?.code ?? cause?.message ?? (error as Error).message}`);
    }
    let body: { data?: T; errors?: { message: string; extensions?: { code?: string; field?: string } }[] };
    try {
      body = (await response.json()) as typeof body;
    } catch {
      throw new UnreachableError(`${url}: answered HTTP ${response.status} without a GraphQL response`);
    }
    const [error] = body.errors ?? [];
    if (error !== undefined) throw new ApiError(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR', error.message, error.extensions?.field);
    return body.data as T;
  };
  const signIn = async (username: string, password: string): Promise<string> =>
    (
      await call<{ login: { token: string } }>('mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }', {
        u: username,
        p: password,
      })
    ).login.token;
  return { call, signIn };
}
