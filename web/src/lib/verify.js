// In-browser verification of one log record with WebCrypto only (SHA-256 and Ed25519): the log's
// signed checkpoint, the record's commitment, the party's signature in the leaf, and the RFC 9162
// inclusion proof of the leaf in the checkpoint's tree (docs/dashboard.md §3). Pure functions over
// values fetched by the caller; nothing here talks to the network, so a test can feed it anything.

import { base64Decode, base64Encode, concat, equal, hex, utf8 } from './bytes.js';
import { parseCheckpoint, parseNote, parseTlogProof, parseVkey } from './formats.js';

const RECORD_SIGNING_PREFIX = utf8('jirga/v1/record\u0000');

export async function sha256(bytes) {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
}

/** key_id = first 4 bytes of SHA-256(name || 0x0A || 0x01 || pub) (ledger-format.md §8). */
export async function computeKeyId(name, pub) {
  return (await sha256(concat(utf8(name), Uint8Array.of(0x0a, 0x01), pub))).slice(0, 4);
}

/** Parses a vkey and checks that its key ID matches its name and key, or throws. */
export async function parseAndCheckVkey(text) {
  const key = parseVkey(text);
  const want = await computeKeyId(key.name, key.pub);
  if (!equal(want, key.keyId)) {
    throw new Error(`vkey key ID ${hex(key.keyId)} does not match its name and key ` +
      `(want ${hex(want)})`);
  }
  return key;
}

/** Ed25519 (RFC 8032) verification; false for a malformed key or signature, never throws. */
export async function ed25519Verify(pub, sig, message) {
  if (pub.length !== 32 || sig.length !== 64) return false;
  try {
    const key = await crypto.subtle.importKey('raw', pub, { name: 'Ed25519' }, false, ['verify']);
    return await crypto.subtle.verify('Ed25519', key, sig, message);
  } catch {
    return false;
  }
}

/**
 * Opens a signed note with one trusted verifier key (c2sp.org/signed-note): signature lines of
 * other keys (by name and key ID) are ignored, every line of the trusted key must verify, and at
 * least one must be present. Returns the checkpoint it carries, whose origin must be the key's
 * name. Throws an Error saying why otherwise.
 */
export async function openCheckpoint(noteText, vkey) {
  const note = parseNote(noteText);
  const textBytes = utf8(note.text);
  let verified = 0;
  for (const s of note.signatures) {
    if (s.name !== vkey.name || !equal(s.keyId, vkey.keyId)) continue;
    if (s.sig.length !== 64 || !(await ed25519Verify(vkey.pub, s.sig, textBytes))) {
      throw new Error(`the checkpoint signature by ${vkey.name}+${hex(vkey.keyId)} does not verify`);
    }
    verified++;
  }
  if (verified === 0) {
    throw new Error(`the checkpoint is not signed by the trusted key ${vkey.name}+${hex(vkey.keyId)}`);
  }
  const checkpoint = parseCheckpoint(note.text);
  if (checkpoint.origin !== vkey.name) {
    throw new Error(`the checkpoint's origin "${checkpoint.origin}" is not the key's name "${vkey.name}"`);
  }
  return checkpoint;
}

/** RFC 6962 leaf hash: SHA-256(0x00 || leaf). */
export function leafHash(leaf) {
  return sha256(concat(Uint8Array.of(0x00), leaf));
}

function nodeHash(left, right) {
  return sha256(concat(Uint8Array.of(0x01), left, right));
}

/**
 * RFC 9162 §2.1.3.2: whether `proof` (hashes leaf to root) proves the leaf with hash `hash` at
 * `index` in the tree of `size` leaves whose root is `root`. index and size are BigInts.
 */
export async function verifyInclusion(hash, index, size, proof, root) {
  if (index >= size) return false;
  let fn = index;
  let sn = size - 1n;
  let r = hash;
  for (const p of proof) {
    if (sn === 0n) return false;
    if ((fn & 1n) === 1n || fn === sn) {
      r = await nodeHash(p, r);
      if ((fn & 1n) === 0n) {
        while ((fn & 1n) === 0n && fn !== 0n) {
          fn >>= 1n;
          sn >>= 1n;
        }
      }
    } else {
      r = await nodeHash(r, p);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  return sn === 0n && equal(r, root);
}

/** The checks of verifyRecord, in the order they are shown. */
export const STEPS = [
  { id: 'checkpoint', title: 'Log checkpoint signature' },
  { id: 'commitment', title: 'Record commitment: SHA-256(salt || record) is in the leaf' },
  { id: 'signature', title: "Party signature in the leaf, with the party's registered key" },
  { id: 'inclusion', title: "Inclusion proof of the leaf in the checkpoint's tree" },
];

/**
 * Verifies one record end to end.
 *   vkeyText   the log's verifier key the user trusts
 *   index      the record's index (number or BigInt)
 *   entry      GET /v1/records/{index}: {index, record, salt, leaf} (base64 members)
 *   proofText  GET /v1/records/{index}/proof: a c2sp.org/tlog-proof@v1 text
 *   parties    GET /v1/parties: [{id, vkeys: [...]}, ...]
 * Returns {ok, steps: [{id, title, ok, detail}], checkpoint} — every step is attempted even if
 * an earlier one failed, so the user sees everything that is wrong; ok only if all passed.
 */
export async function verifyRecord({ vkeyText, index, entry, proofText, parties }) {
  const results = {};
  const run = async (id, check) => {
    try {
      results[id] = { ok: true, detail: await check() };
    } catch (e) {
      results[id] = { ok: false, detail: e instanceof Error ? e.message : String(e) };
    }
  };
  const wantIndex = BigInt(index);
  const decode = (name, size) => {
    const bytes = base64Decode(entry?.[name], `the record's ${name}`);
    if (size !== undefined && bytes.length !== size) {
      throw new Error(`the record's ${name} is ${bytes.length} bytes, want ${size}`);
    }
    return bytes;
  };
  let proof = null;
  let proofError = null;
  try {
    proof = parseTlogProof(proofText);
  } catch (e) {
    proofError = e;
  }
  let checkpoint = null;

  await run('checkpoint', async () => {
    const vkey = await parseAndCheckVkey(vkeyText);
    if (proofError) throw proofError;
    checkpoint = await openCheckpoint(proof.note, vkey);
    return `signed by ${vkey.name}+${hex(vkey.keyId)}: tree size ${checkpoint.size}, ` +
      `root ${base64Encode(checkpoint.root)}`;
  });

  await run('commitment', async () => {
    const record = decode('record');
    const salt = decode('salt', 32);
    const leaf = decode('leaf', 128);
    const commitment = await sha256(concat(salt, record));
    if (!equal(commitment, leaf.subarray(96, 128))) {
      throw new Error(`SHA-256(salt || record) = ${hex(commitment)}, but the leaf commits to ` +
        `${hex(leaf.subarray(96, 128))}: the record or salt is not what was signed`);
    }
    return `SHA-256(salt || record) = ${hex(commitment)} = leaf[96..128]`;
  });

  await run('signature', async () => {
    const leaf = decode('leaf', 128);
    const keyHash = leaf.subarray(0, 32);
    let found = null;
    for (const party of parties ?? []) {
      for (const text of party.vkeys ?? []) {
        let key;
        try {
          key = await parseAndCheckVkey(text);
        } catch {
          continue; // a key we cannot read cannot be the signer; others may be
        }
        if (equal(await sha256(key.pub), keyHash)) found = { party, key, text };
      }
    }
    if (!found) {
      throw new Error(`no registered party key has SHA-256(pub) = ${hex(keyHash)} (leaf[0..32])`);
    }
    const message = concat(RECORD_SIGNING_PREFIX, leaf.subarray(96, 128));
    if (!(await ed25519Verify(found.key.pub, leaf.subarray(32, 96), message))) {
      throw new Error(`the signature in the leaf does not verify with ${found.text} ` +
        `(party ${found.party.id})`);
    }
    // The key must be the record's party's: the log refuses a record signed by another party.
    let claimed = null;
    try {
      claimed = JSON.parse(new TextDecoder().decode(decode('record'))).party;
    } catch {
      // An unreadable record is the commitment step's business; the signature is still valid.
    }
    if (claimed !== null && claimed !== undefined && claimed !== found.party.id) {
      throw new Error(`the leaf is signed by party ${found.party.id}, but the record claims ` +
        `party ${claimed}`);
    }
    return `valid Ed25519 signature by party ${found.party.id} ` +
      `(key ${found.key.name}+${hex(found.key.keyId)})`;
  });

  await run('inclusion', async () => {
    if (proofError) throw proofError;
    const leaf = decode('leaf', 128);
    if (proof.extra !== null && !equal(proof.extra, leaf)) {
      throw new Error("the proof's extra line is not this record's leaf");
    }
    if (proof.index !== wantIndex) {
      throw new Error(`the proof is for index ${proof.index}, not ${wantIndex}`);
    }
    if (entry?.index !== undefined && BigInt(entry.index) !== wantIndex) {
      throw new Error(`the server returned record ${entry.index}, not ${wantIndex}`);
    }
    // The tree is the one of the proof's checkpoint; step 1 says whether the log signed it.
    const cp = checkpoint ?? parseCheckpoint(parseNote(proof.note).text);
    const hash = await leafHash(leaf);
    if (!(await verifyInclusion(hash, wantIndex, cp.size, proof.proof, cp.root))) {
      throw new Error(`the inclusion proof (${proof.proof.length} hashes) does not lead from ` +
        `leaf hash ${hex(hash)} at index ${wantIndex} to the root of the tree of size ${cp.size}`);
    }
    return `leaf hash ${hex(hash)} is at index ${wantIndex} of the tree of size ${cp.size} ` +
      `(${proof.proof.length} proof hashes)`;
  });

  const steps = STEPS.map((s) => ({ ...s, ...results[s.id] }));
  return { ok: steps.every((s) => s.ok), steps, checkpoint };
}
