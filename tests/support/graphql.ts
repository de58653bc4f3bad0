import { sendHonouringRateLimit, type RateLimitPolicy } from '../../src/cli/rate-limit.js';

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  data?: T | null;
  errors?: { message: string; path?: string[]; extensions: { code: string; messages?: { zh: string; en: string }; [key: string]: unknown } }[];
}

export interface RequestOptions {
  token?: string;
  headers?: Record<string, string>;
  /**
   * What to do with a RATE_LIMITED answer: by default wait for the server's `Retry-After` and send again, as
   * every real client does (and count the wait with `onRateLimited`); `false` returns it, for tests of the limit.
   */
  rateLimit?: RateLimitPolicy | false;
}

/**
 * How long a test waits for one answer before it takes the server for hung (ms). Far beyond any answer on the
 * slowest machine under load (seconds), so that it tells a hang from a slow run; tests whose length is their
 * number of steps (the random walks) rely on it instead of a timeout on the whole test.
 */
export const requestHangGuardMs = 300_000;

/** One GraphQL operation over real HTTP, as any client sends it. */
export async function gql<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  { token, headers = {}, rateLimit = {} }: RequestOptions = {},
): Promise<GraphQLResponse<T>> {
  const send = () =>
    fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
        ...headers,
      },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(requestHangGuardMs),
    });
  const response = rateLimit === false ? await send() : await sendHonouringRateLimit(send, rateLimit);
  const body = (await response.json()) as Omit<GraphQLResponse<T>, 'status' | 'headers'>;
  return { status: response.status, headers: response.headers, ...body };
}

/** The data of a response that must have succeeded: a failed read fails the test instead of comparing as null. */
export function succeeded<T>(response: GraphQLResponse<T>): T {
  if (response.errors !== undefined || response.data == null) throw new Error(`the request failed: ${JSON.stringify(response.errors)}`);
  return response.data;
}

/** The error codes of a response, in order. */
export const codes = (response: GraphQLResponse<unknown>): string[] => (response.errors ?? []).map((e) => e.extensions.code);

export const demoPassword = 'demo-password';

export async function login(url: string, username: string, password = demoPassword): Promise<string> {
  const response = await gql<{ login: { token: string } }>(url, 'mutation Login($u: String!, $p: String!) { login(username: $u, password: $p) { token } }', {
    u: username,
    p: password,
  });
  const token = response.data?.login.token;
  if (token === undefined) throw new Error(`login of ${username} failed: ${JSON.stringify(response.errors)}`);
  return token;
}
