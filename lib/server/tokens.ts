/**
 * Access tokens: HS256 JWTs with an expiry, signed with a secret from the
 * environment or, when there is none, a random one made at start.
 * @module
 */
import { sign, verify } from "hono/jwt";

/** Issues and checks the bearer tokens of one server. */
export interface TokenService {
  /** A signed token for this user id that expires after the TTL. */
  issue(userId: number): Promise<string>;
  /** The user id in a valid token, or null for any invalid one. */
  userIdOf(token: string): Promise<number | null>;
}

/** Options of {@linkcode createTokenService}. */
export interface TokenServiceOptions {
  secret: string;
  /** Lifetime of a token, in seconds. */
  ttlSeconds: number;
  /** Current time in ms since the epoch; tests move it forward. */
  now?: () => number;
}

/** A token service that signs and verifies with HS256 only. */
export function createTokenService(options: TokenServiceOptions): TokenService {
  const { secret, ttlSeconds } = options;
  const now = options.now ?? Date.now;
  if (secret.length < 16) {
    throw new RangeError(
      `Cannot sign tokens: the secret has ${secret.length} characters, 16 needed`,
    );
  }
  return {
    issue(userId) {
      const issuedAt = Math.floor(now() / 1000);
      return sign(
        { sub: String(userId), iat: issuedAt, exp: issuedAt + ttlSeconds },
        secret,
        "HS256",
      );
    },
    async userIdOf(token) {
      try {
        // The algorithm is fixed here, so a token that names "none" fails.
        // exp and iat are checked below against `now`, not hono's Date.now().
        const payload = await verify(token, secret, {
          alg: "HS256",
          exp: false,
          iat: false,
        });
        const nowMs = now();
        const { exp, iat } = payload;
        if (typeof exp !== "number" || exp * 1000 <= nowMs) return null;
        if (
          iat !== undefined && (typeof iat !== "number" || iat * 1000 > nowMs)
        ) {
          return null;
        }
        const id = Number(payload.sub);
        return Number.isSafeInteger(id) && id > 0 ? id : null;
      } catch {
        return null;
      }
    },
  };
}

/** Where the signing secret came from, for the start-up warning. */
export interface SigningSecret {
  secret: string;
  generated: boolean;
}

/** The secret from LOOPLAB_JWT_SECRET, or a fresh random one. */
export function signingSecretFrom(value: string | undefined): SigningSecret {
  if (value !== undefined && value !== "") {
    return { secret: value, generated: false };
  }
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return { secret: btoa(String.fromCharCode(...bytes)), generated: true };
}
