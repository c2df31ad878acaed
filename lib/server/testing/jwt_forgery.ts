/**
 * Hand-made JWTs for tests: tokens a client could forge or damage, which
 * the server must refuse.
 * @module
 */
import { decode, sign } from "hono/jwt";

function base64url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  return btoa(String.fromCharCode(...bytes))
    .replace(/=+$/, "")
    .replace(/\+/g, "-")
    .replace(/\//g, "_");
}

/** An unsigned token with header `{"alg":"none"}` and this payload. */
export function unsignedToken(payload: Record<string, unknown>): string {
  const header = base64url(JSON.stringify({ alg: "none", typ: "JWT" }));
  return `${header}.${base64url(JSON.stringify(payload))}.`;
}

/** The token's payload, unverified. */
export function payloadOf(token: string): Record<string, unknown> {
  return decode(token).payload as Record<string, unknown>;
}

/** The token with one character of its signature changed. */
export function withTamperedSignature(token: string): string {
  const [header, payload, signature] = token.split(".");
  // A middle character: every bit of it counts, unlike the last one's.
  const at = Math.floor(signature.length / 2);
  const changed = signature[at] === "A" ? "B" : "A";
  const tampered = signature.slice(0, at) + changed + signature.slice(at + 1);
  return `${header}.${payload}.${tampered}`;
}

/** The token with its payload replaced and its old signature kept. */
export function withSwappedPayload(
  token: string,
  payload: Record<string, unknown>,
): string {
  const [header, , signature] = token.split(".");
  return `${header}.${base64url(JSON.stringify(payload))}.${signature}`;
}

/** A correctly signed token, with an algorithm of the caller's choice. */
export function signedToken(
  payload: Record<string, unknown>,
  secret: string,
  alg: "HS256" | "HS384" | "HS512" = "HS256",
): Promise<string> {
  return sign(payload, secret, alg);
}
