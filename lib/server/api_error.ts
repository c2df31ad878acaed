/**
 * Client faults as Hono HTTP exceptions that carry their JSON answer:
 * `{"error": {"code", "message", "fields"?}}`.
 * @module
 */
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { FieldProblem } from "./validation.ts";

/** Body of every error response. */
export interface ErrorBody {
  error: { code: string; message: string; fields?: FieldProblem[] };
}

/** A JSON error response with the given status and headers. */
export function errorResponse(
  status: ContentfulStatusCode,
  code: string,
  message: string,
  options: { fields?: FieldProblem[]; headers?: HeadersInit } = {},
): Response {
  const body: ErrorBody = {
    error: {
      code,
      message,
      ...(options.fields ? { fields: options.fields } : {}),
    },
  };
  const headers = new Headers(options.headers);
  headers.set("content-type", "application/json");
  return new Response(JSON.stringify(body), { status, headers });
}

/** An exception that the app's error handler answers with its JSON body. */
export function apiError(
  status: ContentfulStatusCode,
  code: string,
  message: string,
  options: { fields?: FieldProblem[]; headers?: HeadersInit } = {},
): HTTPException {
  return new HTTPException(status, {
    res: errorResponse(status, code, message, options),
  });
}
