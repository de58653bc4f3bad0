export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  data?: T | null;
  errors?: { message: string; path?: string[]; extensions: { code: string; messages?: { zh: string; en: string }; [key: string]: unknown } }[];
}

export interface RequestOptions {
  token?: string;
  headers?: Record<string, string>;
}

/** One GraphQL operation over real HTTP, as any client sends it. */
export async function gql<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  { token, headers = {} }: RequestOptions = {},
): Promise<GraphQLResponse<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      ...headers,
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as Omit<GraphQLResponse<T>, 'status' | 'headers'>;
  return { status: response.status, headers: response.headers, ...body };
}

/** The error codes of a response, in order. */
export const codes = (response: GraphQLResponse<unknown>): string[] => (response.errors ?? []).map((e) => e.extensions.code);

export const demoPassword = 'demo-password';

export async function login(url: string, username: string, password = demoPassword): Promise<string> {
  const response = await gql<{ login: { token: string } }>(
    url,
    'mutation Login($u: String!, $p: String!) { login(username: $u, password: $p) { token } }',
    { u: username, p: password },
  );
  const token = response.data?.login.token;
  if (token === undefined) throw new Error(`login of ${username} failed: ${JSON.stringify(response.errors)}`);
  return token;
}
