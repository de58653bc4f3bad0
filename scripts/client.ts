/** The little GraphQL-over-HTTP client the command-line scripts share. */
export class ApiError extends Error {
  constructor(readonly code: string, message: string) {
    super(`${code}: ${message}`);
  }
}

export function client(url: string) {
  const call = async <T>(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<T> => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept-language': 'zh-CN', ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: T; errors?: { message: string; extensions: { code: string } }[] };
    const [error] = body.errors ?? [];
    if (error !== undefined) throw new ApiError(error.extensions.code, error.message);
    return body.data as T;
  };
  const signIn = async (username: string, password: string): Promise<string> =>
    (await call<{ login: { token: string } }>('mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }', { u: username, p: password })).login.token;
  return { call, signIn };
}
