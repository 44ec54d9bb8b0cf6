// Sign-in for the dashboard with a party's jirga private key (docs/http-api.md §5a): the key text
// is parsed strictly (the grammar of SigningKey::Parse, src/ledger/ed25519.cc), imported into
// WebCrypto as a non-extractable Ed25519 key, and used once to sign the server's challenge; only
// the public vkey and the signature leave the page. The bearer token is kept in memory and in
// sessionStorage (never localStorage); the private key is never stored anywhere.

import { base64Decode, base64Encode, concat, equal, hex, utf8, utf8Decode } from './bytes.js';
import { validateKeyName } from './formats.js';
import { postJson } from './post.js';
import { computeKeyId } from './verify.js';

const PRIVATE_KEY_PREFIX = 'PRIVATE+KEY+';
const ED25519_TYPE = 0x01;
// PKCS#8 PrivateKeyInfo for Ed25519 (RFC 8410) up to the 32-byte seed.
const PKCS8_ED25519_PREFIX = Uint8Array.from(
  [0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20]);
const AUTH_PREFIX = utf8('jirga/v1/auth\u0000');
const STORAGE_KEY = 'jirga.session';

function base64UrlDecode(text) {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  return base64Decode(b64 + '='.repeat((4 - (b64.length % 4)) % 4), 'public key');
}

/**
 * Parses `PRIVATE+KEY+name+hex8+base64(0x01 || seed[32])` (one trailing newline allowed) into
 * {name, keyId (4 bytes), seed (32 bytes)}, or throws an Error saying what is wrong. Whether the
 * key ID matches is checked by importPrivateKey (it needs the public key).
 */
export function parsePrivateKeyText(text) {
  if (typeof text !== 'string') throw new Error('private key must be text');
  if (text.endsWith('\n')) text = text.slice(0, -1);
  if (!text.startsWith(PRIVATE_KEY_PREFIX)) {
    throw new Error('private key must start with "PRIVATE+KEY+" (a jirga key file, as made by `jirga key generate`)');
  }
  text = text.slice(PRIVATE_KEY_PREFIX.length);
  const a = text.indexOf('+');
  const b = a < 0 ? -1 : text.indexOf('+', a + 1);
  if (a < 0 || b < 0) throw new Error('private key must be PRIVATE+KEY+name+keyid+key: missing parts');
  const name = text.slice(0, a);
  const idHex = text.slice(a + 1, b);
  validateKeyName(name, 'private key name');
  if (!/^[0-9a-f]{8}$/.test(idHex)) throw new Error('private key ID must be 8 lowercase hex digits');
  let raw;
  try {
    raw = base64Decode(text.slice(b + 1), 'private key seed');
  } catch (e) {
    throw new Error(`${e.message} (a trailing space or a second line is not allowed)`);
  }
  if (raw.length === 0) throw new Error('private key seed is empty');
  if (raw[0] !== ED25519_TYPE) {
    throw new Error(`private key seed has key type 0x${hex(raw.subarray(0, 1))}; only Ed25519 (0x01) is supported`);
  }
  if (raw.length !== 33) {
    throw new Error(`private key seed is ${raw.length} bytes, want 33 (type byte and 32-byte key)`);
  }
  const keyId = Uint8Array.from(idHex.match(/../g), (h) => parseInt(h, 16));
  return { name, keyId, seed: raw.slice(1) };
}

/**
 * The text of a key file the reader chose (an <input type=file> File): strict UTF-8, at most
 * 4 KiB (a jirga key file is under 100 bytes). Throws naming the file otherwise.
 */
export async function readKeyFile(file) {
  if (file.size > 4096) throw new Error(`${file.name} is ${file.size} bytes: not a jirga key file`);
  return utf8Decode(new Uint8Array(await file.arrayBuffer()), file.name);
}

/**
 * Imports a parsed key: {name, vkey, privateKey (non-extractable CryptoKey)}. Throws if the key
 * ID does not match the name and public key (the seed or name was altered).
 */
export async function importPrivateKey({ name, keyId, seed }) {
  const pkcs8 = concat(PKCS8_ED25519_PREFIX, seed);
  // Extractable only long enough to read the public key out of its JWK form.
  const temp = await crypto.subtle.importKey('pkcs8', pkcs8, { name: 'Ed25519' }, true, ['sign']);
  const jwk = await crypto.subtle.exportKey('jwk', temp);
  const pub = base64UrlDecode(jwk.x);
  const privateKey = await crypto.subtle.importKey('pkcs8', pkcs8, { name: 'Ed25519' }, false, ['sign']);
  pkcs8.fill(0);
  const want = await computeKeyId(name, pub);
  if (!equal(want, keyId)) {
    throw new Error(`private key ID ${hex(keyId)} does not match the key's name and public key`);
  }
  const vkey = `${name}+${hex(keyId)}+${base64Encode(concat(Uint8Array.of(ED25519_TYPE), pub))}`;
  return { name, vkey, pub, privateKey };
}

/** The exact bytes signed for a token: "jirga/v1/auth" || 0x00 || origin || "\n" || challenge. */
export function authMessage(origin, challenge) {
  return concat(AUTH_PREFIX, utf8(origin), utf8('\n'), utf8(challenge));
}

export async function signChallenge(privateKey, origin, challenge) {
  const sig = await crypto.subtle.sign('Ed25519', privateKey, authMessage(origin, challenge));
  return base64Encode(new Uint8Array(sig));
}

/**
 * The whole exchange: parse and import the key, fetch the log's origin and a challenge, sign,
 * and trade the signature for a token → {token, party, expires, keyName}. `fetchImpl` is the
 * global fetch unless a test passes its own.
 */
export async function requestToken(keyText, fetchImpl = fetch) {
  const parsed = parsePrivateKeyText(keyText);
  let key;
  try {
    key = await importPrivateKey(parsed);
  } finally {
    parsed.seed.fill(0); // best effort: the key text itself is an immutable JS string
  }
  const logResponse = await fetchImpl('/v1/log', { headers: { Accept: 'application/json' } });
  if (!logResponse.ok) throw new Error(`/v1/log: HTTP ${logResponse.status}`);
  const { origin } = await logResponse.json();
  const { challenge } = await postJson(fetchImpl, '/v1/auth/challenge');
  const sig = await signChallenge(key.privateKey, origin, challenge);
  const answer = await postJson(fetchImpl, '/v1/auth/token', { key: key.vkey, challenge, sig });
  return { token: answer.token, party: answer.party, expires: answer.expires, keyName: key.name };
}

// The session: {token, party, expires, keyName} or null; listeners hear every change.
let session = null;
const listeners = new Set();

function storage() {
  try {
    return globalThis.sessionStorage ?? null;
  } catch {
    return null; // storage disabled: the session lives in memory only
  }
}

function expired(s) {
  return !s || !(Date.parse(s.expires) > Date.now());
}

function setSession(s) {
  session = s;
  const st = storage();
  if (st) {
    if (s) st.setItem(STORAGE_KEY, JSON.stringify(s));
    else st.removeItem(STORAGE_KEY);
  }
  for (const f of listeners) f(session);
}

function restore() {
  const st = storage();
  if (!st) return;
  try {
    const s = JSON.parse(st.getItem(STORAGE_KEY) ?? 'null');
    if (s && typeof s.token === 'string' && !expired(s)) session = s;
    else st.removeItem(STORAGE_KEY);
  } catch {
    st.removeItem(STORAGE_KEY);
  }
}
restore();

export async function signIn(keyText, fetchImpl = fetch) {
  const s = await requestToken(keyText, fetchImpl);
  endedBecause = null;
  setSession(s);
  return session;
}

// Why the last session ended when it was not the reader's choice (null otherwise).
let endedBecause = null;

/**
 * Ends the session. `reason` says why when the reader did not ask for it (the server refused
 * the token); the sign-in control shows it until the next sign-in.
 */
export function signOut(reason = null) {
  endedBecause = reason;
  setSession(null);
}

/** Why the last session ended, when the server ended it; null after a sign-out or sign-in. */
export function sessionEndReason() {
  return endedBecause;
}

/**
 * Called by the API client when the server answers 401 to a request that carried `token`: the
 * token is no longer valid (the server restarted, the token expired there, or the key was
 * rotated), so the page stops showing itself as signed in. A 401 for an older token is ignored.
 */
export function tokenRefused(token, message) {
  if (session && session.token === token) {
    signOut(`Your session ended: the server no longer accepts its token (${message}). Sign in again.`);
  }
}

/** The current session, or null (an expired token counts as signed out). */
export function currentSession() {
  if (session && expired(session)) setSession(null);
  return session;
}

/** Calls `f(session)` on every sign-in and sign-out; returns the unsubscribe function. */
export function onSessionChange(f) {
  listeners.add(f);
  return () => listeners.delete(f);
}

/** Headers to add to an API request: the bearer token when signed in, else none. */
export function authHeaders() {
  const s = currentSession();
  return s ? { Authorization: `Bearer ${s.token}` } : {};
}
