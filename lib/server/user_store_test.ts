// The users table: what it stores, how it finds users, and how it reports
// a taken name or a locked database.
import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { DuplicateUserError, StoreBusyError, UserStore } from "./user_store.ts";

const HASH = "$2b$04$" + "a".repeat(53);

function alice(overrides: Partial<Record<string, string>> = {}) {
  return {
    username: "alice",
    email: "alice@example.test",
    passwordHash: HASH,
    ...overrides,
  };
}

async function withTempDir(test: (dir: string) => Promise<void> | void) {
  const dir = await Deno.makeTempDir({ prefix: "looplab-test-" });
  try {
    await test(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("UserStore.create() returns the public user without the hash", () => {
  const store = new UserStore(":memory:");
  try {
    const user = store.create(alice());
    assert.deepEqual(user, {
      id: 1,
      username: "alice",
      email: "alice@example.test",
    });
    assert.equal(store.findById(1)!.passwordHash, HASH);
  } finally {
    store.close();
  }
});

Deno.test("UserStore.findByLogin() finds a user by username or email in any case", () => {
  const store = new UserStore(":memory:");
  try {
    store.create(alice());
    for (
      const login of [
        "alice",
        "ALICE",
        "alice@example.test",
        "Alice@EXAMPLE.test",
      ]
    ) {
      assert.equal(store.findByLogin(login)?.id, 1, login);
    }
    assert.equal(store.findByLogin("bob"), undefined);
    assert.equal(store.findById(2), undefined);
  } finally {
    store.close();
  }
});

Deno.test("UserStore.create() throws DuplicateUserError naming the taken field", () => {
  const store = new UserStore(":memory:");
  try {
    store.create(alice());
    assert.throws(
      () =>
        store.create(alice({ username: "Alice", email: "new@example.test" })),
      (error) =>
        error instanceof DuplicateUserError && error.field === "username",
    );
    assert.throws(
      () =>
        store.create(alice({ username: "bob", email: "ALICE@example.test" })),
      (error) => error instanceof DuplicateUserError && error.field === "email",
    );
    assert.equal(store.count(), 1);
  } finally {
    store.close();
  }
});

Deno.test("UserStore.findTaken() names the taken field, username first", () => {
  const store = new UserStore(":memory:");
  try {
    store.create(alice());
    store.create(alice({ username: "bob", email: "bob@example.test" }));
    assert.equal(store.findTaken("carol", "carol@example.test"), null);
    assert.equal(store.findTaken("ALICE", "carol@example.test"), "username");
    assert.equal(store.findTaken("carol", "Bob@example.test"), "email");
    // Both taken, by different users: the username is reported.
    assert.equal(store.findTaken("bob", "alice@example.test"), "username");
  } finally {
    store.close();
  }
});

Deno.test("UserStore keeps users in its file across reopening", async () => {
  await withTempDir((dir) => {
    const path = `${dir}/users.db`;
    const first = new UserStore(path);
    first.create(alice());
    first.close();
    const second = new UserStore(path);
    try {
      assert.equal(second.findByLogin("alice")?.passwordHash, HASH);
      assert.equal(second.count(), 1);
    } finally {
      second.close();
    }
  });
});

Deno.test("UserStore.create() throws StoreBusyError while another connection writes", async () => {
  await withTempDir((dir) => {
    const path = `${dir}/users.db`;
    const store = new UserStore(path, { busyTimeoutMs: 0 });
    const other = new DatabaseSync(path);
    try {
      other.exec("BEGIN IMMEDIATE");
      assert.throws(() => store.create(alice()), StoreBusyError);
      // Reads still work under WAL while the other connection writes.
      assert.equal(store.findByLogin("alice"), undefined);
      other.exec("ROLLBACK");
      assert.equal(store.create(alice()).id, 1);
    } finally {
      other.close();
      store.close();
    }
  });
});

Deno.test("UserStore.close() may be called twice", () => {
  const store = new UserStore(":memory:");
  store.close();
  store.close();
});

Deno.test("UserStore opens one new file from several threads at once", async () => {
  const dir = await Deno.makeTempDir();
  const url = new URL(
    "../../tests/fixtures/open_store_worker.ts",
    import.meta.url,
  );
  try {
    for (let round = 0; round < 20; round++) {
      const workers = Array.from(
        { length: 4 },
        () => new Worker(url.href, { type: "module" }),
      );
      const results = await Promise.all(
        workers.map((worker) =>
          new Promise<string>((resolve) => {
            worker.onmessage = (event) => resolve(event.data);
            worker.postMessage(`${dir}/race-${round}.db`);
          })
        ),
      );
      workers.forEach((worker) => worker.terminate());
      assert.deepEqual(results, ["ok", "ok", "ok", "ok"]);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("UserStore keeps emails unique beyond ASCII case", () => {
  const store = new UserStore(":memory:");
  try {
    store.create({
      username: "emile",
      email: "émile@x.org",
      passwordHash: "h",
    });
    assert.throws(
      () =>
        store.create({
          username: "emile2",
          email: "ÉMILE@x.org",
          passwordHash: "h",
        }),
      DuplicateUserError,
    );
    assert.equal(store.findByLogin("ÉMILE@X.ORG")?.username, "emile");
  } finally {
    store.close();
  }
});

Deno.test("UserStore adds email_key to a database made before it existed", async () => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/old.db`;
  try {
    const old = new DatabaseSync(path);
    old.exec(`CREATE TABLE users (
      id INTEGER PRIMARY KEY, username TEXT NOT NULL UNIQUE COLLATE NOCASE,
      email TEXT NOT NULL UNIQUE COLLATE NOCASE, password_hash TEXT NOT NULL,
      created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')))`);
    old.prepare(
      "INSERT INTO users (username, email, password_hash) VALUES (?, ?, ?)",
    )
      .run("alice", "Alice@Example.org", "h");
    old.close();
    const store = new UserStore(path);
    try {
      assert.equal(store.findByLogin("alice@example.org")?.username, "alice");
      assert.throws(
        () =>
          store.create({
            username: "bob",
            email: "ALICE@example.org",
            passwordHash: "h",
          }),
        DuplicateUserError,
      );
    } finally {
      store.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
