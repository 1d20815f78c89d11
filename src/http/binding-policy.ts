// Where the API may listen without a key: only on loopback, so nothing outside this machine can reach it.
import { isIP } from "node:net";
import { UnsafeBindingError } from "./http-errors.js";

export const DEFAULT_HTTP_HOST = "127.0.0.1";

export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, "$1").toLowerCase();
  if (bare === "localhost") return true;
  if (isIP(bare) === 4) return bare.startsWith("127.");
  if (isIP(bare) === 6) return bare === "::1" || /^::ffff:127\./.test(bare);
  return false;
}

/** The one check `startHttpApi` and `dtfx start` share: throws UnsafeBindingError for an open interface without a key. */
export function assertSafeBinding(host: string, key: string | undefined): void {
  if (key || isLoopbackHost(host)) return;
  throw new UnsafeBindingError(
    `Refusing to serve the HTTP API on '${host}' without a key: anyone who can reach it could start and terminate ` +
      `orchestrations. Pass --key (or set DTFX_API_KEY), or bind a loopback address such as 127.0.0.1.`,
  );
}

/** Shorter keys are guessable by anyone who can send requests; whitespace-only ones are typing mistakes. */
export const MIN_API_KEY_LENGTH = 16;

/** Throws UnsafeBindingError for a key too short (or blank) to protect anything; no key at all is fine. */
export function assertUsableKey(key: string | undefined): void {
  if (key === undefined || key === "") return;
  if (key.length < MIN_API_KEY_LENGTH || key.trim() === "") {
    throw new UnsafeBindingError(
      `Refusing an API key of ${key.length} character(s): a key needs at least ${MIN_API_KEY_LENGTH} characters, not all blank ` +
        `(e.g. from 'openssl rand -base64 24')`,
    );
  }
}
