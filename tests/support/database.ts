/**
 * Reads what a server process left in its database, through a separate,
 * read-only connection, as an operator would look at it.
 * @module
 */
import { DatabaseSync } from "node:sqlite";

/** One row of the users table. */
export interface StoredRow {
  username: string;
  passwordHash: string;
}

/** Every user in the database file, in the order they were stored. */
export function storedUsers(path: string): StoredRow[] {
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    return db.prepare("SELECT username, password_hash FROM users ORDER BY id")
      .all().map((row) => ({
        username: String(row.username),
        passwordHash: String(row.password_hash),
      }));
  } finally {
    db.close();
  }
}
