/**
 * Reads request bodies as the routes accept them: JSON, and for login also
 * an HTML form, as the OAuth2 password flow sends it.
 * @module
 */
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { apiError } from "./api_error.ts";

/** The largest body a route reads, in bytes. */
export const MAX_BODY_BYTES = 16 * 1024;

function tooLarge(): never {
  throw apiError(
    413,
    "body_too_large",
    `The request body is over ${MAX_BODY_BYTES} bytes`,
  );
}

/**
 * The body as text, read no further than MAX_BODY_BYTES whatever the
 * Content-Length says, so a large or endless body costs nothing.
 */
async function readLimitedText(c: Context): Promise<string> {
  const declared = Number(c.req.header("content-length") ?? 0);
  if (declared > MAX_BODY_BYTES) tooLarge();
  const body = c.req.raw.body;
  if (!body) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for await (const chunk of body) {
      size += chunk.byteLength;
      if (size > MAX_BODY_BYTES) tooLarge();
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof HTTPException) throw error;
    // The client went away mid-body, or the server is shutting down.
    throw apiError(400, "incomplete_body", "The request body ended early");
  }
  const whole = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    whole.set(chunk, offset);
    offset += chunk.byteLength;
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(whole);
  } catch {
    throw apiError(400, "malformed_body", "The request body is not UTF-8");
  }
}

function mediaType(c: Context): string {
  return (c.req.header("content-type") ?? "").split(";")[0].trim()
    .toLowerCase();
}

function isJson(type: string): boolean {
  return type === "application/json" ||
    /^application\/[\w.+-]+\+json$/.test(type);
}

async function parseJson(c: Context): Promise<unknown> {
  const text = await readLimitedText(c);
  if (text.trim() === "") {
    throw apiError(400, "malformed_json", "The request body is empty");
  }
  try {
    return JSON.parse(text);
  } catch {
    throw apiError(400, "malformed_json", "The request body is not valid JSON");
  }
}

function unsupported(type: string, accepted: string): never {
  throw apiError(
    415,
    "unsupported_media_type",
    `Cannot read a body of type "${type || "none"}": send ${accepted}`,
  );
}

/**
 * The parsed JSON body.
 * @throws {HTTPException} 415 for another media type, 400 for bad JSON.
 */
export function readJson(c: Context): Promise<unknown> {
  const type = mediaType(c);
  if (!isJson(type)) unsupported(type, "application/json");
  return parseJson(c);
}

/**
 * The body of a form post or a JSON object, as plain string fields.
 * @throws {HTTPException} 415 for another media type, 400 for bad JSON.
 */
export async function readFormOrJson(c: Context): Promise<unknown> {
  const type = mediaType(c);
  if (isJson(type)) return parseJson(c);
  if (type === "application/x-www-form-urlencoded") {
    return Object.fromEntries(new URLSearchParams(await readLimitedText(c)));
  }
  unsupported(type, "application/json or application/x-www-form-urlencoded");
}
