/**
 * An in-process app for tests: a `:memory:` database, bcrypt at cost 4, a
 * token clock the test can move, and memory sinks instead of log files.
 * Not used by the server itself.
 * @module
 */
import bcrypt from "bcryptjs";
import type { Hono } from "hono";
import { createApp } from "../app.ts";
import { createBlockingHasher } from "../hashing/blocking.ts";
import type { PasswordHasher } from "../hashing/hasher.ts";
import { createMemorySink } from "../json_lines_sink.ts";
import type { RequestRecord, TimingVariables } from "../request_timing.ts";
import { createTokenService, type TokenService } from "../tokens.ts";
import { UserStore } from "../user_store.ts";

/** The lowest cost bcrypt allows: tests check behaviour, not speed. */
export const TEST_COST = 4;
export const TEST_SECRET = "test-secret-of-at-least-16-chars";
export const TEST_TTL_SECONDS = 600;

/** A registration that passes every rule. */
export interface NewUser {
  username: string;
  email: string;
  password: string;
}

/** A valid user; `name` keeps users of one test apart. */
export function newUser(name = "alice", password = "correct horse"): NewUser {
  return { username: name, email: `${name}@example.test`, password };
}

/** The app with handles on everything it was built from. */
export interface TestApp {
  app: Hono<{ Variables: TimingVariables }>;
  store: UserStore;
  hasher: PasswordHasher;
  tokens: TokenService;
  /** The tokens' clock in ms since the epoch; tests move it forward. */
  clock: { now: number };
  requestLog: RequestRecord[];
  /** Lines given to `reportError`. */
  reported: string[];
  close(): Promise<void>;
}

/**
 * Builds the app; pass a hasher to test another strategy or a spy, a store
 * to test a database file. Both are closed by `close()`.
 */
export function createTestApp(
  options: { hasher?: PasswordHasher; store?: UserStore } = {},
): TestApp {
  const store = options.store ?? new UserStore(":memory:");
  const hasher = options.hasher ?? createBlockingHasher(TEST_COST);
  const clock = { now: Date.now() };
  const tokens = createTokenService({
    secret: TEST_SECRET,
    ttlSeconds: TEST_TTL_SECONDS,
    now: () => clock.now,
  });
  const sink = createMemorySink<RequestRecord>();
  const reported: string[] = [];
  const app = createApp({
    store,
    hasher,
    tokens,
    dummyHash: bcrypt.hashSync(crypto.randomUUID(), TEST_COST),
    cost: TEST_COST,
    thread: "test",
    requestLog: sink,
    reportError: (line) => reported.push(line),
  });
  return {
    app,
    store,
    hasher,
    tokens,
    clock,
    requestLog: sink.records,
    reported,
    async close() {
      await hasher.close();
      store.close();
    },
  };
}

/** A POST with a JSON body. */
export function postJson(
  app: TestApp["app"],
  path: string,
  body: unknown,
): Promise<Response> {
  return Promise.resolve(app.request(path, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  }));
}

/** POST /api/users/register with these fields. */
export function register(
  app: TestApp["app"],
  user: Partial<NewUser>,
): Promise<Response> {
  return postJson(app, "/api/users/register", user);
}

/** POST /api/auth/token as an OAuth2 password-flow form. */
export function login(
  app: TestApp["app"],
  username: string,
  password: string,
): Promise<Response> {
  return Promise.resolve(app.request("/api/auth/token", {
    method: "POST",
    body: new URLSearchParams({ grant_type: "password", username, password }),
  }));
}

/** GET /api/users/me, with `Authorization` set to this value if given. */
export function me(
  app: TestApp["app"],
  authorization?: string,
): Promise<Response> {
  const headers = authorization === undefined ? undefined : { authorization };
  return Promise.resolve(app.request("/api/users/me", { headers }));
}

/** Registers `user`, logs in, and returns the access token. */
export async function registeredToken(
  app: TestApp["app"],
  user: NewUser = newUser(),
): Promise<string> {
  const registered = await register(app, user);
  if (registered.status !== 201) {
    throw new Error(`Cannot register: ${registered.status}`);
  }
  const issued = await login(app, user.username, user.password);
  if (issued.status !== 200) throw new Error(`Cannot log in: ${issued.status}`);
  return (await issued.json()).access_token;
}

/** The `fields` named in a 422 answer. */
export async function invalidFields(response: Response): Promise<string[]> {
  const body = await response.json();
  return body.error.fields.map((problem: { field: string }) => problem.field);
}
