/**
 * Field rules for registration and login. Passwords are normalised to
 * Unicode NFC first, so the same password typed on two systems matches.
 * @module
 */

/** One field that failed its rule, as shown in a 422 response. */
export interface FieldProblem {
  field: string;
  message: string;
}

/** A validated value, or every problem found. */
export type Checked<T> =
  | { ok: true; value: T }
  | { ok: false; problems: FieldProblem[] };

/** A registration that passed every rule. */
export interface Registration {
  username: string;
  email: string;
  password: string;
}

/** Credentials as given at login, checked for presence only. */
export interface Credentials {
  login: string;
  password: string;
}

const USERNAME = /^[A-Za-z0-9._-]{3,32}$/;
// Plausible, not RFC 5322: one @, no spaces, a dot in the domain.
const EMAIL = /^[^\s@]{1,64}@[^\s@.]+(\.[^\s@.]+)+$/;
// Control, zero-width and direction characters: invisible, and a NUL cuts
// the text short when SQLite hands it back.
const INVISIBLE = /[\p{Cc}\p{Cf}]/u;
const MAX_EMAIL_LENGTH = 254;
/** bcrypt reads at most 72 bytes; longer passwords are refused, not cut. */
export const MAX_PASSWORD_BYTES = 72;
export const MIN_PASSWORD_BYTES = 8;

const utf8 = new TextEncoder();

/** The password as hashed and compared: NFC-normalised. */
export function normalisePassword(password: string): string {
  return password.normalize("NFC");
}

/** The problem with a password, or null if bcrypt can use it whole. */
export function passwordProblem(password: string): string | null {
  const bytes = utf8.encode(normalisePassword(password)).length;
  if (bytes < MIN_PASSWORD_BYTES) {
    return `must be at least ${MIN_PASSWORD_BYTES} bytes in UTF-8, got ${bytes}`;
  }
  if (bytes > MAX_PASSWORD_BYTES) {
    return `must be at most ${MAX_PASSWORD_BYTES} bytes in UTF-8 (bcrypt ignores the rest), got ${bytes}`;
  }
  if (password.includes("\0")) return "must not contain a NUL character";
  return null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isGiven(value: unknown): boolean {
  return value !== undefined && value !== null && value !== "";
}

function stringField(
  body: Record<string, unknown>,
  field: string,
  problems: FieldProblem[],
): string | undefined {
  const value = body[field];
  if (!isGiven(value)) {
    problems.push({ field, message: "is required" });
    return undefined;
  }
  if (typeof value !== "string") {
    problems.push({ field, message: "must be a string" });
    return undefined;
  }
  return value;
}

/** Checks a registration body: username, email and password. */
export function checkRegistration(body: unknown): Checked<Registration> {
  if (!isRecord(body)) {
    return {
      ok: false,
      problems: [{ field: "body", message: "must be a JSON object" }],
    };
  }
  const problems: FieldProblem[] = [];
  const username = stringField(body, "username", problems);
  const email = stringField(body, "email", problems);
  const password = stringField(body, "password", problems);
  if (username !== undefined && !USERNAME.test(username)) {
    problems.push({
      field: "username",
      message: "must be 3-32 characters of A-Z, a-z, 0-9, '.', '_' or '-'",
    });
  }
  if (
    email !== undefined &&
    (email.length > MAX_EMAIL_LENGTH || !EMAIL.test(email) ||
      INVISIBLE.test(email))
  ) {
    problems.push({ field: "email", message: "must be a valid email address" });
  }
  const passwordIssue = password === undefined
    ? null
    : passwordProblem(password);
  if (passwordIssue) {
    problems.push({ field: "password", message: passwordIssue });
  }
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    value: {
      username: username!,
      email: email!.normalize("NFC"),
      password: normalisePassword(password!),
    },
  };
}

/**
 * Checks login fields. `username` may hold the username or the email, as in
 * the OAuth2 password flow; a JSON body may send `email` instead of
 * `username`. `grant_type`, when given, must be "password". The login is
 * NFC-normalised, as the email was at registration.
 */
export function checkCredentials(body: unknown): Checked<Credentials> {
  if (!isRecord(body)) {
    return {
      ok: false,
      problems: [{ field: "body", message: "must be an object" }],
    };
  }
  const problems: FieldProblem[] = [];
  const loginField = !isGiven(body.username) && isGiven(body.email)
    ? "email"
    : "username";
  const login = stringField(body, loginField, problems);
  const password = stringField(body, "password", problems);
  const grantType = body.grant_type;
  if (
    grantType !== undefined && grantType !== "" && grantType !== "password"
  ) {
    problems.push({ field: "grant_type", message: 'must be "password"' });
  }
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    value: {
      login: login!.normalize("NFC"),
      password: normalisePassword(password!),
    },
  };
}
