/**
 * Users in SQLite through Deno's built-in `node:sqlite`: WAL mode, a busy
 * timeout so that several server threads can share one file, and prepared
 * statements only.
 * @module
 */
import { DatabaseSync, type StatementSync } from "node:sqlite";

/** A user as the API shows it: never with the password hash. */
export interface PublicUser {
  id: number;
  username: string;
  email: string;
}

/** A user with the stored hash, for checking a password. */
export interface StoredUser extends PublicUser {
  passwordHash: string;
}

/** The username or the email is taken already (answer 409). */
export class DuplicateUserError extends Error {
  override name = "DuplicateUserError";
  constructor(readonly field: "username" | "email") {
    super(`Cannot register: ${field} is taken`);
  }
}

/** The database stayed locked past the busy timeout (answer 503). */
export class StoreBusyError extends Error {
  override name = "StoreBusyError";
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS users (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE COLLATE NOCASE,
    email         TEXT NOT NULL UNIQUE COLLATE NOCASE,
    password_hash TEXT NOT NULL,
    created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
  )`;

const SQLITE_BUSY = 5;
const SQLITE_LOCKED = 6;
const SQLITE_CONSTRAINT_UNIQUE = 2067;

interface SqliteError extends Error {
  errcode?: number;
}

function isBusy(error: SqliteError): boolean {
  // Extended codes keep the primary code in their low byte.
  const primary = (error.errcode ?? 0) & 0xff;
  return primary === SQLITE_BUSY || primary === SQLITE_LOCKED;
}

function translate(error: unknown): unknown {
  const sqlite = error as SqliteError;
  if (sqlite?.errcode === SQLITE_CONSTRAINT_UNIQUE) {
    return new DuplicateUserError(
      /users\.email/.test(sqlite.message) ? "email" : "username",
    );
  }
  if (isBusy(sqlite)) {
    return new StoreBusyError("Cannot reach the database: it is locked");
  }
  return error;
}

function guarded<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw translate(error);
  }
}

interface Row {
  id: number;
  username: string;
  email: string;
  password_hash: string;
}

function toStoredUser(row: Row): StoredUser {
  return {
    id: Number(row.id),
    username: row.username,
    email: row.email,
    passwordHash: row.password_hash,
  };
}

/** Options of {@linkcode UserStore}. */
export interface UserStoreOptions {
  /** How long a write waits for another connection's lock, in ms. Default 5000. */
  busyTimeoutMs?: number;
}

/** The users table, open on one SQLite file (or ":memory:"). */
export class UserStore {
  readonly #db: DatabaseSync;
  readonly #insert: StatementSync;
  readonly #byLogin: StatementSync;
  readonly #byId: StatementSync;
  readonly #taken: StatementSync;

  constructor(path: string, options: UserStoreOptions = {}) {
    this.#db = new DatabaseSync(path);
    const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
    guarded(() => {
      this.#db.exec(`PRAGMA busy_timeout = ${Math.trunc(busyTimeoutMs)}`);
      this.#db.exec("PRAGMA journal_mode = WAL");
      this.#db.exec(SCHEMA);
    });
    this.#insert = this.#db.prepare(
      `INSERT INTO users (username, email, password_hash) VALUES (?, ?, ?)
       RETURNING id, username, email, password_hash`,
    );
    this.#byLogin = this.#db.prepare(
      `SELECT id, username, email, password_hash FROM users
       WHERE username = ?1 OR email = ?1 LIMIT 1`,
    );
    this.#byId = this.#db.prepare(
      "SELECT id, username, email, password_hash FROM users WHERE id = ?",
    );
    this.#taken = this.#db.prepare(
      `SELECT username = ?1 AS username_taken FROM users
       WHERE username = ?1 OR email = ?2 ORDER BY username_taken DESC LIMIT 1`,
    );
  }

  /**
   * Stores a new user. It returns once the row is committed.
   *
   * @throws {DuplicateUserError} when the username or email is taken.
   * @throws {StoreBusyError} when the database stayed locked.
   */
  create(
    user: { username: string; email: string; passwordHash: string },
  ): PublicUser {
    const row = guarded(() =>
      this.#insert.get(user.username, user.email, user.passwordHash)
    ) as unknown as Row;
    const { passwordHash: _, ...shown } = toStoredUser(row);
    return shown;
  }

  /** Which of username and email is taken already, if any. */
  findTaken(username: string, email: string): "username" | "email" | null {
    const row = guarded(() => this.#taken.get(username, email)) as
      | { username_taken: number }
      | undefined;
    if (!row) return null;
    return row.username_taken ? "username" : "email";
  }

  /** The user whose username or email is `login` (either case). */
  findByLogin(login: string): StoredUser | undefined {
    const row = guarded(() => this.#byLogin.get(login)) as Row | undefined;
    return row && toStoredUser(row);
  }

  /** The user with this id. */
  findById(id: number): StoredUser | undefined {
    const row = guarded(() => this.#byId.get(id)) as Row | undefined;
    return row && toStoredUser(row);
  }

  /** Number of users, for tests and reports. */
  count(): number {
    const row = this.#db.prepare("SELECT count(*) AS n FROM users").get() as {
      n: number;
    };
    return Number(row.n);
  }

  /** Closes the connection; WAL content is checkpointed by SQLite. */
  close(): void {
    if (this.#db.isOpen) this.#db.close();
  }
}
