// Signing a record in the page and submitting it (docs/http-api.md §4 and §6; ledger-format.md
// §2 and §5): the record is written in the form jirga's own clients write (compact, members v,
// kind, party, time, body, object members inside body in ascending order), a fresh 32-byte salt is
// drawn, the commitment SHA-256(salt || record) is signed with the party's Ed25519 key
// ("jirga/v1/record" || 0x00 || commitment), and the answer's leaf is checked against the leaf
// computed here, so a server that appended something else is caught at once.

import { base64Decode, base64Encode, concat, equal, hex, utf8 } from './bytes.js';
import { postJson } from './post.js';
import { sha256 } from './verify.js';

const RECORD_PREFIX = utf8('jirga/v1/record\u0000');

/** JSON text with every object's members in ascending order (by UTF-16 code unit, which equals
 * byte order for the ASCII member names records use), no whitespace, non-ASCII as raw text. */
export function sortedJson(value) {
  if (Array.isArray(value)) return `[${value.map(sortedJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).filter((k) => value[k] !== undefined).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${sortedJson(value[k])}`).join(',')}}`;
  }
  if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('a record cannot hold NaN or Infinity');
  return JSON.stringify(value);
}

/** A record's time: RFC 3339 UTC with seconds ("2020-03-03T09:00:00Z"). */
export function recordTime(date = new Date()) {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The exact bytes of a record {kind, party, time, body}. */
export function recordBytes({ kind, party, time, body }) {
  return utf8(`{"v":1,"kind":${JSON.stringify(kind)},"party":${JSON.stringify(party)},` +
    `"time":${JSON.stringify(time)},"body":${sortedJson(body)}}`);
}

/**
 * Signs `record` (bytes) with `key` ({privateKey, pub, vkey} from signin.js importPrivateKey) →
 * {record, salt, sig, commitment, leaf} (all bytes but the vkey). `salt` is drawn fresh unless
 * given (tests pass a fixed one).
 */
export async function signRecord(key, record, salt = crypto.getRandomValues(new Uint8Array(32))) {
  if (salt.length !== 32) throw new Error('salt must be 32 bytes');
  const commitment = await sha256(concat(salt, record));
  const sig = new Uint8Array(await crypto.subtle.sign('Ed25519', key.privateKey, concat(RECORD_PREFIX, commitment)));
  const leaf = concat(await sha256(key.pub), sig, commitment);
  return { record, salt, sig, commitment, leaf, vkey: key.vkey };
}

/** The request body of POST /v1/records for a signed record. */
export function submissionBody(signed) {
  return {
    record: base64Encode(signed.record),
    salt: base64Encode(signed.salt),
    sig: base64Encode(signed.sig),
    key: signed.vkey,
  };
}

/**
 * POSTs a signed record → {index, leafHash, duplicate}. Throws with the server's message when it
 * refuses, and when the leaf it says it appended is not this record's leaf. No token is sent: the
 * signature is the authorisation.
 */
export async function submitRecord(signed, fetchImpl = fetch) {
  const json = await postJson(fetchImpl, '/v1/records', submissionBody(signed));
  const leaf = base64Decode(String(json?.leaf ?? ''), 'the answer\'s leaf');
  if (!equal(leaf, signed.leaf)) {
    throw new Error(`the server answered record ${json?.index} with another leaf than the one signed here`);
  }
  const leafHash = hex(await sha256(concat(Uint8Array.of(0), leaf)));
  if (json.leaf_hash !== leafHash) throw new Error('the server\'s leaf_hash is not the hash of its leaf');
  return { index: json.index, leafHash, duplicate: json.duplicate === true };
}

/**
 * The body of the `verification` that decides a review-queue pair (the same record as
 * `jirga exchange resolve`): entry `a` (a prisoner record index) is or is not the person of
 * entry `b`; `notes` is kept in the record when given.
 */
export function resolutionBody(a, b, samePerson, notes = '') {
  if (!Number.isSafeInteger(a) || !Number.isSafeInteger(b) || a < 0 || b < 0 || a === b) {
    throw new Error('a decision needs two different prisoner records');
  }
  const body = { prisoner: a, match: { prisoner: b, same_person: samePerson === true } };
  if (notes.trim()) body.notes = notes.trim();
  return body;
}
