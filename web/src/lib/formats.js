// Parsers for the text formats the dashboard checks, exactly per docs/ledger-format.md: key names
// (§1), verifier keys (§9), c2sp.org/signed-note (§8), checkpoint bodies (§8) and
// c2sp.org/tlog-proof@v1 (§10). Syntax only: signatures and key IDs are checked in verify.js.
// Every parser throws an Error whose message says what is wrong; none of them guesses.

import { base64Decode } from './bytes.js';

export const MAX_NOTE_SIGNATURES = 100;
export const MAX_PROOF_HASHES = 64;
const MAX_KEY_NAME_BYTES = 256;
const U64_MAX = (1n << 64n) - 1n;
const SIG_PREFIX = '\u2014 '; // U+2014 EM DASH and a space
const TLOG_PROOF_HEADER = 'c2sp.org/tlog-proof@v1';

// Go's unicode.IsSpace set (ledger-format.md §1).
function isUnicodeSpace(cp) {
  return (cp >= 0x09 && cp <= 0x0d) || cp === 0x20 || cp === 0x85 || cp === 0xa0 ||
    cp === 0x1680 || (cp >= 0x2000 && cp <= 0x200a) || cp === 0x2028 || cp === 0x2029 ||
    cp === 0x202f || cp === 0x205f || cp === 0x3000;
}

/** Throws unless `name` is a key name: 1..256 UTF-8 bytes, no '+', space or control character. */
export function validateKeyName(name, what = 'key name') {
  if (typeof name !== 'string' || name.length === 0) throw new Error(`${what} is empty`);
  if (typeof name.isWellFormed === 'function' && !name.isWellFormed()) {
    throw new Error(`${what} is not valid Unicode`);
  }
  if (new TextEncoder().encode(name).length > MAX_KEY_NAME_BYTES) {
    throw new Error(`${what} is longer than ${MAX_KEY_NAME_BYTES} bytes`);
  }
  for (const ch of name) {
    const cp = ch.codePointAt(0);
    if (cp === 0x2b) throw new Error(`${what} contains '+'`);
    if (isUnicodeSpace(cp)) throw new Error(`${what} contains a space`);
    if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) {
      throw new Error(`${what} contains a control character`);
    }
  }
}

/** A canonical decimal uint64 (digits only, no leading zero but "0" itself) as a BigInt. */
export function parseDecimal(text, what = 'number') {
  if (!/^(0|[1-9][0-9]{0,19})$/.test(text)) throw new Error(`${what} is not a canonical decimal`);
  const v = BigInt(text);
  if (v > U64_MAX) throw new Error(`${what} is out of range`);
  return v;
}

/**
 * A verifier key `name+hex8+base64(0x01 || pub[32])` → {name, keyId (4 bytes), pub (32 bytes)}.
 * Split on the first two '+' only: the base64 part may contain '+'. Whether the key ID matches
 * name and key is checked by verify.js (it needs SHA-256).
 */
export function parseVkey(text) {
  if (typeof text !== 'string') throw new Error('vkey must be text');
  const a = text.indexOf('+');
  const b = a < 0 ? -1 : text.indexOf('+', a + 1);
  if (a < 0 || b < 0) throw new Error('vkey must be name+keyid+key');
  const name = text.slice(0, a);
  const idHex = text.slice(a + 1, b);
  validateKeyName(name, 'vkey name');
  if (!/^[0-9a-f]{8}$/.test(idHex)) throw new Error('vkey key ID must be 8 lowercase hex digits');
  const typed = base64Decode(text.slice(b + 1), 'vkey public key');
  if (typed.length !== 33) throw new Error(`vkey public key is ${typed.length} bytes, want 33`);
  if (typed[0] !== 0x01) throw new Error('vkey is not an Ed25519 key (type byte is not 0x01)');
  const keyId = new Uint8Array(4);
  for (let i = 0; i < 4; i++) keyId[i] = parseInt(idHex.slice(2 * i, 2 * i + 2), 16);
  return { name, keyId, pub: typed.slice(1) };
}

// No control character below U+0020 other than LF (c2sp.org/signed-note). Text has already been
// decoded as strict UTF-8, so no other check is needed.
function checkText(text, what) {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 && c !== 0x0a) {
      throw new Error(`${what} has control character 0x${c.toString(16).padStart(2, '0')}`);
    }
  }
}

/**
 * A signed note (c2sp.org/signed-note) → {text, signatures: [{name, keyId, sig}]}. `text` is
 * everything up to and including the LF before the last blank line: the exact string signed.
 */
export function parseNote(note) {
  checkText(note, 'note');
  const split = note.lastIndexOf('\n\n');
  if (split < 0) throw new Error('note has no blank line followed by signatures');
  const text = note.slice(0, split + 1);
  let sigs = note.slice(split + 2);
  if (sigs.length === 0) throw new Error('note has an empty signature block');
  if (!sigs.endsWith('\n')) throw new Error("note's last line does not end in a newline");
  const signatures = [];
  while (sigs.length > 0) {
    if (signatures.length === MAX_NOTE_SIGNATURES) {
      throw new Error(`note has more than ${MAX_NOTE_SIGNATURES} signatures`);
    }
    const nl = sigs.indexOf('\n');
    let line = sigs.slice(0, nl);
    sigs = sigs.slice(nl + 1);
    const where = `note signature line ${signatures.length + 1}`;
    if (!line.startsWith(SIG_PREFIX)) throw new Error(`${where} does not start with "\u2014 "`);
    line = line.slice(SIG_PREFIX.length);
    const space = line.indexOf(' ');
    if (space < 0) throw new Error(`${where} has no space between key name and signature`);
    const name = line.slice(0, space);
    validateKeyName(name, `${where} key name`);
    const b64 = line.slice(space + 1);
    if (b64.length === 0) throw new Error(`${where} has an empty signature`);
    const raw = base64Decode(b64, where);
    // Four bytes of key ID and at least one of signature; other lengths belong to keys of other
    // algorithms, which a verifier must ignore rather than refuse.
    if (raw.length < 5) throw new Error(`${where} is too short for a key ID and a signature`);
    signatures.push({ name, keyId: raw.slice(0, 4), sig: raw.slice(4) });
  }
  return { text, signatures };
}

/** A checkpoint body (c2sp.org/tlog-checkpoint) → {origin, size (BigInt), root, extensions}. */
export function parseCheckpoint(text) {
  checkText(text, 'checkpoint');
  if (!text.endsWith('\n')) throw new Error('checkpoint does not end in a newline');
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3) {
    throw new Error(`checkpoint has ${lines.length} lines, want origin, size and root hash`);
  }
  if (lines[0].length === 0) throw new Error('checkpoint origin line is empty');
  const size = parseDecimal(lines[1], 'checkpoint size');
  const root = base64Decode(lines[2], 'checkpoint root hash');
  if (root.length !== 32) throw new Error(`checkpoint root hash is ${root.length} bytes, want 32`);
  const extensions = lines.slice(3);
  extensions.forEach((ext, i) => {
    if (ext.length === 0) throw new Error(`checkpoint extension line ${i + 1} is empty`);
  });
  return { origin: lines[0], size, root, extensions };
}

/**
 * A c2sp.org/tlog-proof@v1 text → {extra (bytes or null), index (BigInt), proof: [hash], note}.
 * The note (the signed checkpoint) is returned verbatim, unchecked.
 */
export function parseTlogProof(text) {
  let pos = 0;
  const nextLine = () => {
    const nl = text.indexOf('\n', pos);
    if (nl < 0) return null;
    const line = text.slice(pos, nl);
    pos = nl + 1;
    return line;
  };
  let line = nextLine();
  if (line !== TLOG_PROOF_HEADER) {
    throw new Error(`not a ${TLOG_PROOF_HEADER} file (wrong first line)`);
  }
  line = nextLine();
  if (line === null) throw new Error('tlog-proof: truncated after header');
  let extra = null;
  if (line.startsWith('extra ')) {
    extra = base64Decode(line.slice(6), 'tlog-proof extra');
    if (extra.length === 0) throw new Error('tlog-proof: empty extra line');
    line = nextLine();
    if (line === null) throw new Error('tlog-proof: truncated after extra');
  }
  if (!line.startsWith('index ')) throw new Error('tlog-proof: expected "index N"');
  const index = parseDecimal(line.slice(6), 'tlog-proof index');
  const proof = [];
  for (;;) {
    line = nextLine();
    if (line === null) throw new Error('tlog-proof: missing blank line and checkpoint');
    if (line === '') break;
    let hash;
    try {
      hash = base64Decode(line);
    } catch {
      hash = null;
    }
    if (hash === null || hash.length !== 32) {
      throw new Error(`tlog-proof: proof line ${proof.length + 1} is not a base64 32-byte hash`);
    }
    proof.push(hash);
    if (proof.length > MAX_PROOF_HASHES) {
      throw new Error(`tlog-proof: more than ${MAX_PROOF_HASHES} proof hashes`);
    }
  }
  const note = text.slice(pos);
  if (note.length === 0) throw new Error('tlog-proof: missing checkpoint');
  return { extra, index, proof, note };
}
