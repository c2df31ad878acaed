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

// Usernames are ASCII, so NOCASE compares them fully. Emails may not be:
// SQLite's NOCASE folds ASCII only, so uniqueness is on email_key, the
// address in NFC and lower case, computed here, not in SQL.
const SCHEMA = `
  CREATE TABLE IF NOT EXISTS users (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE COLLATE NOCASE,
    email         TEXT NOT NULL,
    email_key     TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
  )`;

/** The form of an email address that uniqueness and login compare. */
export function emailKey(email: string): string {
  return email.normalize("NFC").toLowerCase();
}

const SQLITE_BUSY = 5;
const SQLITE_LOCKED = 6;
const SQLITE_CONSTRAINT_UNIQUE = 2067;

interface SqliteError extends Error {
  errcode?: number;
}

function isBusy(error: SqliteError): boolean {
  // Extended codes keep the primary code in their low byte. Deno's errors
  // from exec() carry no code, only SQLite's message.
  const primary = (error.errcode ?? 0) & 0xff;
  return primary === SQLITE_BUSY || primary === SQLITE_LOCKED ||
    /database (table )?is locked/.test(error.message ?? "");
}

function translate(error: unknown): unknown {
  const sqlite = error as SqliteError;
  if (
    sqlite?.errcode === SQLITE_CONSTRAINT_UNIQUE ||
    /^UNIQUE constraint failed/.test(sqlite?.message ?? "")
  ) {
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

/**
 * Brings a database made before email_key existed up to date: adds the
 * column, fills it, and makes it unique. Fails if two stored addresses
 * differ only in non-ASCII case, which the old schema let through.
 */
function addEmailKey(db: DatabaseSync): void {
  const columns = db.prepare("PRAGMA table_info(users)").all() as {
    name: string;
  }[];
  if (columns.some((column) => column.name === "email_key")) return;
  db.exec("ALTER TABLE users ADD COLUMN email_key TEXT");
  const rows = db.prepare("SELECT id, email FROM users").all() as {
    id: number;
    email: string;
  }[];
  const fill = db.prepare("UPDATE users SET email_key = ? WHERE id = ?");
  for (const row of rows) fill.run(emailKey(row.email), row.id);
  db.exec("CREATE UNIQUE INDEX users_email_key ON users (email_key)");
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Runs `work` again while it fails with StoreBusyError, up to `limitMs`. */
function retryWhileBusy<T>(work: () => T, limitMs: number): T {
  const deadline = Date.now() + limitMs;
  for (let pause = 5;; pause = Math.min(pause * 2, 200)) {
    try {
      return work();
    } catch (error) {
      if (!(error instanceof StoreBusyError) || Date.now() > deadline) {
        throw error;
      }
      sleepSync(pause);
    }
  }
}

function createSchema(db: DatabaseSync): void {
  db.exec("BEGIN IMMEDIATE");
  try {
    db.exec(SCHEMA);
    addEmailKey(db);
    db.exec("COMMIT");
  } catch (error) {
    db.exec("ROLLBACK");
    throw error;
  }
}

function prepareStatements(db: DatabaseSync) {
  return {
    insert: db.prepare(
      `INSERT INTO users (username, email, email_key, password_hash)
       VALUES (?, ?, ?, ?)
       RETURNING id, username, email, password_hash`,
    ),
    byLogin: db.prepare(
      `SELECT id, username, email, password_hash FROM users
       WHERE username = ?1 OR email_key = ?2 LIMIT 1`,
    ),
    rehash: db.prepare("UPDATE users SET password_hash = ? WHERE id = ?"),
    byId: db.prepare(
      "SELECT id, username, email, password_hash FROM users WHERE id = ?",
    ),
    taken: db.prepare(
      `SELECT username = ?1 AS username_taken FROM users
       WHERE username = ?1 OR email_key = ?2 ORDER BY username_taken DESC LIMIT 1`,
    ),
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
  readonly #rehash: StatementSync;

  constructor(path: string, options: UserStoreOptions = {}) {
    const db = new DatabaseSync(path);
    const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
    db.exec(`PRAGMA busy_timeout = ${Math.trunc(busyTimeoutMs)}`);
    // Server threads open a new file at the same moment, and switching it
    // to WAL makes the others fail at once with "database is locked",
    // busy timeout or not: while one switches, the rest retry.
    const statements = retryWhileBusy(() =>
      guarded(() => {
        db.exec("PRAGMA journal_mode = WAL");
        createSchema(db);
        return prepareStatements(db);
      }), busyTimeoutMs);
    this.#db = db;
    this.#insert = statements.insert;
    this.#byLogin = statements.byLogin;
    this.#rehash = statements.rehash;
    this.#byId = statements.byId;
    this.#taken = statements.taken;
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
      this.#insert.get(
        user.username,
        user.email,
        emailKey(user.email),
        user.passwordHash,
      )
    ) as unknown as Row;
    const { passwordHash: _, ...shown } = toStoredUser(row);
    return shown;
  }

  /** Which of username and email is taken already, if any. */
  findTaken(username: string, email: string): "username" | "email" | null {
    const row = guarded(() => this.#taken.get(username, emailKey(email))) as
      | { username_taken: number }
      | undefined;
    if (!row) return null;
    return row.username_taken ? "username" : "email";
  }

  /** The user whose username or email is `login` (either case). */
  findByLogin(login: string): StoredUser | undefined {
    const row = guarded(() => this.#byLogin.get(login, emailKey(login))) as
      | Row
      | undefined;
    return row && toStoredUser(row);
  }

  /** The user with this id. */
  findById(id: number): StoredUser | undefined {
    const row = guarded(() => this.#byId.get(id)) as Row | undefined;
    return row && toStoredUser(row);
  }

  /** Replaces a user's hash, as after a login at a new cost. */
  updatePasswordHash(id: number, passwordHash: string): void {
    guarded(() => this.#rehash.run(passwordHash, id));
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
