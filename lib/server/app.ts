/**
 * The auth API as a Hono app, built from its dependencies so that tests can
 * call it in-process with `app.request()`.
 * @module
 */
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { apiError, errorResponse } from "./api_error.ts";
import { costOf } from "./hashing/bcrypt_job.ts";
import {
  HasherUnavailableError,
  type PasswordHasher,
} from "./hashing/hasher.ts";
import type { RecordSink } from "./json_lines_sink.ts";
import { readFormOrJson, readJson } from "./request_body.ts";
import {
  type RequestRecord,
  requestTiming,
  timed,
  type TimingVariables,
} from "./request_timing.ts";
import type { TokenService } from "./tokens.ts";
import {
  DuplicateUserError,
  StoreBusyError,
  type UserStore,
} from "./user_store.ts";
import {
  checkCredentials,
  checkRegistration,
  MAX_PASSWORD_BYTES,
} from "./validation.ts";

/** What the app needs from the outside world. */
export interface AppDeps {
  store: UserStore;
  hasher: PasswordHasher;
  tokens: TokenService;
  /**
   * A bcrypt hash at the server's cost that matches no password anyone
   * sends; login checks against it when the user does not exist, so that
   * both cases take the time of one bcrypt comparison.
   */
  dummyHash: string;
  /**
   * bcrypt cost of new hashes; a user whose stored hash has another cost
   * gets a new hash at the next successful login. Unset: no rehashing.
   */
  cost?: number;
  /** Name of this server thread, for the request log. */
  thread: string;
  requestLog?: RecordSink<RequestRecord>;
  /** Where unexpected errors are reported, once each; never with secrets. */
  reportError?: (line: string) => void;
}

/** Paths and the methods each accepts, for 405 answers. */
const ROUTES: Record<string, string[]> = {
  "/api/health": ["GET", "HEAD"],
  "/api/users/register": ["POST"],
  "/api/auth/token": ["POST"],
  "/api/users/me": ["GET", "HEAD"],
};

const utf8 = new TextEncoder();

function unauthorized(code: string, message: string): HTTPException {
  return apiError(401, code, message, {
    headers: { "www-authenticate": 'Bearer realm="looplab"' },
  });
}

function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/i.exec(header ?? "");
  return match ? match[1] : null;
}

/** Maps failures of the dependencies to answers; the rest is a bare 500. */
function errorHandler(deps: AppDeps) {
  return (error: Error): Response => {
    if (error instanceof HTTPException) return error.getResponse();
    if (error instanceof DuplicateUserError) {
      return errorResponse(409, "conflict", `The ${error.field} is taken`);
    }
    if (
      error instanceof HasherUnavailableError ||
      error instanceof StoreBusyError
    ) {
      return errorResponse(503, "unavailable", error.message, {
        headers: { "retry-after": "1" },
      });
    }
    deps.reportError?.(`unexpected error: ${error.name}: ${error.message}`);
    return errorResponse(500, "internal_error", "Internal server error");
  };
}

/** Builds the app. Routes answer with and without a trailing slash. */
export function createApp(deps: AppDeps): Hono<{ Variables: TimingVariables }> {
  const { store, hasher, tokens } = deps;
  const app = new Hono<{ Variables: TimingVariables }>({ strict: false });

  app.use(requestTiming({ thread: deps.thread, sink: deps.requestLog }));

  app.get("/api/health", (c) => c.json({ status: "OK" }));

  app.post("/api/users/register", async (c) => {
    const checked = checkRegistration(await readJson(c));
    if (!checked.ok) {
      throw apiError(422, "invalid_fields", "Some fields are invalid", {
        fields: checked.problems,
      });
    }
    const { username, email, password } = checked.value;
    // Saves a hash for the common case; the UNIQUE index decides races.
    const taken = store.findTaken(username, email);
    if (taken) throw new DuplicateUserError(taken);
    const passwordHash = await timed(c, "hash", () => hasher.hash(password));
    const user = store.create({ username, email, passwordHash });
    return c.json(user, 201);
  });

  app.post("/api/auth/token", async (c) => {
    const checked = checkCredentials(await readFormOrJson(c));
    if (!checked.ok) {
      throw apiError(422, "invalid_fields", "Some fields are missing", {
        fields: checked.problems,
      });
    }
    const { login, password } = checked.value;
    const user = store.findByLogin(login);
    // A password bcrypt would cut short could match a stored prefix: refuse it.
    const usable = utf8.encode(password).length <= MAX_PASSWORD_BYTES;
    const matches = await timed(
      c,
      "hash",
      () => hasher.verify(password, user?.passwordHash ?? deps.dummyHash),
    );
    if (!user || !usable || !matches) {
      throw unauthorized(
        "invalid_credentials",
        "The username or password is wrong",
      );
    }
    if (deps.cost !== undefined && costOf(user.passwordHash) !== deps.cost) {
      // A hash made at another cost verifies in another time, which would
      // tell this user from an unknown one: bring it to the current cost.
      const fresh = await timed(c, "rehash", () => hasher.hash(password));
      store.updatePasswordHash(user.id, fresh);
    }
    c.header("cache-control", "no-store");
    return c.json({
      access_token: await tokens.issue(user.id),
      token_type: "bearer",
    });
  });

  app.get("/api/users/me", async (c) => {
    const token = bearerToken(c.req.header("authorization"));
    if (!token) {
      throw unauthorized("missing_token", "Send Authorization: Bearer <token>");
    }
    const userId = await tokens.userIdOf(token);
    const user = userId === null ? undefined : store.findById(userId);
    if (!user) {
      throw unauthorized("invalid_token", "The token is invalid or expired");
    }
    return c.json({ id: user.id, username: user.username, email: user.email });
  });

  app.notFound((c) => {
    // One trailing slash, as the router strips; "//" is another path.
    const path = c.req.path.length > 1 ? c.req.path.replace(/\/$/, "") : "/";
    const allowed = ROUTES[path];
    if (allowed && !allowed.includes(c.req.method)) {
      return errorResponse(
        405,
        "method_not_allowed",
        `Cannot ${c.req.method} ${path}: allowed are ${allowed.join(", ")}`,
        { headers: { allow: allowed.join(", ") } },
      );
    }
    return errorResponse(404, "not_found", `There is no route ${path}`);
  });

  app.onError(errorHandler(deps));
  return app;
}
