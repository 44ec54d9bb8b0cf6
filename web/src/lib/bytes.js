// Byte helpers for the dashboard: strict base64 (the canonical form of ledger-format.md §0),
// hex, UTF-8 and byte-array comparison. Pure functions; they run in browsers and in Node.

const BASE64_RE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Decodes canonical base64 (RFC 4648 §4, padded, no whitespace, zero trailing bits) or throws.
 * jirga accepts exactly one spelling of each value, and so does this: a decoded value is
 * re-encoded and must give back the same text.
 */
export function base64Decode(text, what = 'base64') {
  if (typeof text !== 'string' || !BASE64_RE.test(text)) {
    throw new Error(`${what} is not canonical base64`);
  }
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  if (base64Encode(out) !== text) throw new Error(`${what} is not canonical base64`);
  return out;
}

export function base64Encode(bytes) {
  let binary = '';
  // Chunked so that large records do not overflow the argument list of fromCharCode.
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

export function hex(bytes) {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function concat(...parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function equal(a, b) {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function utf8(text) {
  return new TextEncoder().encode(text);
}

/**
 * Decodes strict UTF-8 (no overlong forms, surrogates or values above U+10FFFF) or throws. A
 * leading byte-order mark is kept as a character, not dropped, so text round-trips to the same
 * bytes — signatures are over bytes.
 */
export function utf8Decode(bytes, what = 'text') {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new Error(`${what} is not valid UTF-8`);
  }
}
