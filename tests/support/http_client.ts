/**
 * Requests to a server over a real socket, with each body read in full so
 * that no response is left open (Deno.test would report it as a leak).
 * @module
 */

/** A response with its body already read. */
export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  // deno-lint-ignore no-explicit-any -- tests read whichever field they check
  json(): any;
}

/** Any request; the answer comes back with its body read. */
export async function call(url: string, init?: RequestInit): Promise<Answer> {
  const response = await fetch(url, init);
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    text,
    json: () => JSON.parse(text),
  };
}

/** A POST with a JSON body. */
export function postJson(url: string, body: unknown): Promise<Answer> {
  return call(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

/** A POST of an HTML form, as the OAuth2 password flow sends it. */
export function postForm(
  url: string,
  fields: Record<string, string>,
): Promise<Answer> {
  return call(url, { method: "POST", body: new URLSearchParams(fields) });
}

/** GET /api/users/me with this Authorization header, or none. */
export function getMe(base: string, authorization?: string): Promise<Answer> {
  const headers = authorization === undefined ? undefined : { authorization };
  return call(`${base}/api/users/me/`, { headers });
}

/** Logs in with the password flow and returns the access token. */
export async function tokenFor(
  base: string,
  username: string,
  password: string,
): Promise<string> {
  const answer = await postForm(`${base}/api/auth/token/`, {
    grant_type: "password",
    username,
    password,
  });
  if (answer.status !== 200) {
    throw new Error(`Cannot log in as ${username}: ${answer.status}`);
  }
  return answer.json().access_token;
}
