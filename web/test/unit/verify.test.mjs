// Unit tests of the dashboard's verification library (web/src/lib/) under Node's test runner and
// Node's WebCrypto: the worked examples of docs/ledger-format.md, RFC 6962 trees built here, and
// the shared public vectors in ../shared/data/vectors when that folder exists.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { base64Decode, base64Encode, concat, hex, utf8, utf8Decode } from '../../src/lib/bytes.js';
import { parseCheckpoint, parseNote, parseTlogProof, parseVkey } from '../../src/lib/formats.js';
import {
  computeKeyId, leafHash, openCheckpoint, parseAndCheckVkey, sha256, verifyInclusion,
  verifyRecord,
} from '../../src/lib/verify.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const sharedVectors = path.resolve(here, '../../../../shared/data/vectors');

// docs/ledger-format.md §8, §9 and §13.
const LOG_VKEY = 'example.org/test+794c82b9+AepKbGPinFIKvvVQexMuxfmVR3auvr57kkIe6mkURtIs';
const NOTE = 'example.org/test\n1\nWu3UNCwKVep2Ain8KFDxVRhUvd+ykXQDgO9Zexj3BP0=\n\n' +
  '\u2014 example.org/test eUyCuTMQNh7xdt4VR0UqArB/RDn+OWWq/ybgsKik2MqDZPZ7W4diOVAqG98YIX+P9esXE99hZ/FTnTf/18Z6iKPqGAM=\n';
const GOV_VKEY = 'gov+db0c96eb+AQOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG4';
const RECORD = '{"v":1,"kind":"statement","party":"gov","time":"2020-03-03T09:00:00Z",' +
  '"body":{"text":"The checkpoint at Pul-e-Charkhi reopened.","title":"Road open"},' +
  '"refs":[{"rel":"replies-to","index":1}]}';
const SALT = 'KioqKioqKioqKioqKioqKioqKioqKioqKioqKioqKio=';
const LEAF = 'Vkdap1RjR0wChd9dvyvKtz2mUTWIOem3dIGy6rEHcIzr54Y7Vg1AT5W1d1ilAkqAQBhhA4cb/9Fhf2Z6d4VOMH21lx6fGEXfsQ26wdIGFpcxQ4ee/88nJtSyL5OsJTsGAv2PBkzBevSYxwps9AIRYkWk+ZjHaJ3bqhYo/uWziGA=';
const LEAF_HASH = '5aedd4342c0a55ea760229fc2850f1551854bddfb291740380ef597b18f704fd';

function example() {
  return {
    vkeyText: LOG_VKEY,
    index: 0,
    entry: { index: 0, record: base64Encode(utf8(RECORD)), salt: SALT, leaf: LEAF },
    proofText: `c2sp.org/tlog-proof@v1\nextra ${LEAF}\nindex 0\n\n${NOTE}`,
    parties: [{ id: 'operator', vkeys: [LOG_VKEY] }, { id: 'gov', vkeys: [GOV_VKEY] }],
  };
}

function failedSteps(result) {
  return result.steps.filter((s) => !s.ok).map((s) => s.id);
}

test('base64 is strict', () => {
  assert.deepEqual(Array.from(base64Decode('AAE=')), [0, 1]);
  for (const bad of ['AAE', 'AAF=', 'AA E=', 'AAE=\n', 'A===', '-_8=']) {
    assert.throws(() => base64Decode(bad), /canonical base64/, bad);
  }
});

test('vkeys: parse, key ID check, refusals', async () => {
  const key = await parseAndCheckVkey(GOV_VKEY);
  assert.equal(key.name, 'gov');
  assert.equal(hex(key.keyId), 'db0c96eb');
  assert.equal(hex(await sha256(key.pub)), '56475aa75463474c0285df5dbf2bcab73da651358839e9b77481b2eab107708c');
  await assert.rejects(parseAndCheckVkey(GOV_VKEY.replace('db0c96eb', 'db0c96ec')), /does not match/);
  assert.throws(() => parseVkey('gov+DB0C96EB+AQOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG4'), /lowercase/);
  assert.throws(() => parseVkey('gov+db0c96eb'), /name\+keyid\+key/);
  assert.throws(() => parseVkey('g v+db0c96eb+AQOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG4'), /space/);
  assert.throws(() => parseVkey('gov+db0c96eb+AgOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG4'), /Ed25519/);
});

test('the checkpoint example of ledger-format.md §8 opens with its key', async () => {
  const cp = await openCheckpoint(NOTE, await parseAndCheckVkey(LOG_VKEY));
  assert.equal(cp.origin, 'example.org/test');
  assert.equal(cp.size, 1n);
  assert.equal(hex(cp.root), LEAF_HASH);
  // One changed byte of the signed text, or another key, and it does not.
  await assert.rejects(openCheckpoint(NOTE.replace('\n1\n', '\n2\n'), await parseAndCheckVkey(LOG_VKEY)),
    /does not verify/);
  await assert.rejects(openCheckpoint(NOTE, await parseAndCheckVkey(GOV_VKEY)), /not signed by the trusted key/);
});

test('signed notes: the grammar is enforced', () => {
  const text = 'a\nb\n';
  const sig = '\u2014 k AAAAAAE=\n';
  assert.equal(parseNote(text + '\n' + sig).text, text);
  // Text with blank lines: the signatures follow the last one.
  assert.equal(parseNote('a\n\nb\n\n' + sig).text, 'a\n\nb\n');
  assert.throws(() => parseNote(text), /no blank line/);
  assert.throws(() => parseNote(text + '\n'), /empty signature block/);
  assert.throws(() => parseNote(text + '\n' + sig.trimEnd()), /newline/);
  assert.throws(() => parseNote('a\tb\n\n' + sig), /control character/);
  assert.throws(() => parseNote(text + '\n- k AAAAAAE=\n'), /does not start/);
  assert.throws(() => parseNote(text + '\n\u2014 k AAAA\n'), /too short/);
  assert.throws(() => parseNote(text + '\n' + sig.repeat(101)), /more than 100/);
  assert.equal(parseNote(text + '\n' + sig.repeat(100)).signatures.length, 100);
});

test('checkpoints: the grammar is enforced', () => {
  const root = base64Encode(new Uint8Array(32));
  assert.equal(parseCheckpoint(`o\n18446744073709551615\n${root}\next\n`).size, (1n << 64n) - 1n);
  assert.throws(() => parseCheckpoint(`o\n18446744073709551616\n${root}\n`), /out of range/);
  assert.throws(() => parseCheckpoint(`o\n01\n${root}\n`), /canonical decimal/);
  assert.throws(() => parseCheckpoint(`o\n1\n${root}`), /newline/);
  assert.throws(() => parseCheckpoint(`\n1\n${root}\n`), /origin/);
  assert.throws(() => parseCheckpoint(`o\n1\nAAAA\n`), /32/);
  assert.throws(() => parseCheckpoint(`o\n1\n${root}\n\n`), /extension line 1 is empty/);
});

test('tlog-proof: the grammar is enforced', () => {
  const h = base64Encode(new Uint8Array(32));
  const p = parseTlogProof(`c2sp.org/tlog-proof@v1\nindex 3\n${h}\n${h}\n\n${NOTE}`);
  assert.equal(p.extra, null);
  assert.equal(p.index, 3n);
  assert.equal(p.proof.length, 2);
  assert.equal(p.note, NOTE);
  assert.throws(() => parseTlogProof(`c2sp.org/tlog-proof@v2\nindex 3\n\n${NOTE}`), /first line/);
  assert.throws(() => parseTlogProof(`c2sp.org/tlog-proof@v1\nextra \nindex 3\n\n${NOTE}`), /empty extra/);
  assert.throws(() => parseTlogProof(`c2sp.org/tlog-proof@v1\nindex 03\n\n${NOTE}`), /canonical/);
  assert.throws(() => parseTlogProof(`c2sp.org/tlog-proof@v1\nindex 3\nAAAA\n\n${NOTE}`), /32-byte/);
  assert.throws(() => parseTlogProof(`c2sp.org/tlog-proof@v1\nindex 3\n${h}\n`), /missing blank line/);
  assert.throws(() => parseTlogProof(`c2sp.org/tlog-proof@v1\nindex 3\n\n`), /missing checkpoint/);
  assert.throws(() => parseTlogProof(`c2sp.org/tlog-proof@v1\nindex 3\n${`${h}\n`.repeat(65)}\n${NOTE}`),
    /more than 64/);
});

test('the record of ledger-format.md §13 verifies end to end', async () => {
  const result = await verifyRecord(example());
  assert.deepEqual(failedSteps(result), [], JSON.stringify(result.steps, null, 2));
  assert.equal(result.ok, true);
  assert.equal(hex(await leafHash(base64Decode(LEAF))), LEAF_HASH);
});

test('each tampering fails the step it should', async () => {
  const cases = [
    ['another log key', (x) => { x.vkeyText = GOV_VKEY; }, ['checkpoint']],
    ['tampered record', (x) => { x.entry.record = base64Encode(utf8(RECORD.replace('Road', 'Rood'))); }, ['commitment']],
    ['another salt', (x) => { x.entry.salt = base64Encode(new Uint8Array(32)); }, ['commitment']],
    ['unregistered signer', (x) => { x.parties = [{ id: 'gov', vkeys: [LOG_VKEY] }]; }, ['signature']],
    ['wrong index', (x) => { x.index = 1; }, ['inclusion']],
    ['proof hash added', (x) => {
      x.proofText = x.proofText.replace('index 0\n', `index 0\n${base64Encode(new Uint8Array(32))}\n`);
    }, ['inclusion']],
    ['unparseable proof', (x) => { x.proofText = 'not a proof'; }, ['checkpoint', 'inclusion']],
    ['claimed party differs', (x) => {
      const other = RECORD.replace('"party":"gov"', '"party":"xyz"');
      x.entry.record = base64Encode(utf8(other));
    }, ['commitment', 'signature']],
  ];
  for (const [name, mutate, want] of cases) {
    const x = example();
    mutate(x);
    const result = await verifyRecord(x);
    assert.equal(result.ok, false, name);
    assert.deepEqual(failedSteps(result), want, name);
  }
});

// An RFC 6962 tree computed the slow, obvious way, to check the verifier against.
async function mth(leaves) {
  if (leaves.length === 0) return sha256(new Uint8Array(0));
  if (leaves.length === 1) return leafHash(leaves[0]);
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return sha256(concat(Uint8Array.of(1), await mth(leaves.slice(0, k)), await mth(leaves.slice(k))));
}

async function inclusionPath(m, leaves) {
  if (leaves.length <= 1) return [];
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  if (m < k) return [...(await inclusionPath(m, leaves.slice(0, k))), await mth(leaves.slice(k))];
  return [...(await inclusionPath(m - k, leaves.slice(k))), await mth(leaves.slice(0, k))];
}

test('inclusion proofs of every leaf of trees up to 17 leaves verify, and altered ones do not', async () => {
  const leaves = Array.from({ length: 17 }, (_, i) => Uint8Array.of(i, 0xaa));
  for (let size = 1; size <= leaves.length; size++) {
    const tree = leaves.slice(0, size);
    const root = await mth(tree);
    for (let i = 0; i < size; i++) {
      const proof = await inclusionPath(i, tree);
      const hash = await leafHash(tree[i]);
      const at = `size ${size} index ${i}`;
      assert.equal(await verifyInclusion(hash, BigInt(i), BigInt(size), proof, root), true, at);
      assert.equal(await verifyInclusion(hash, BigInt(size), BigInt(size), proof, root), false, at);
      assert.equal(await verifyInclusion(hash, BigInt(i), BigInt(size), [...proof, root], root), false, at);
      if (proof.length > 0) {
        assert.equal(await verifyInclusion(hash, BigInt(i), BigInt(size), proof.slice(1), root), false, at);
        const bad = proof.map((p) => p.slice());
        bad[bad.length - 1][0] ^= 1;
        assert.equal(await verifyInclusion(hash, BigInt(i), BigInt(size), bad, root), false, at);
        if (size > 1 && i + 1 < size) {
          assert.equal(await verifyInclusion(hash, BigInt(i + 1), BigInt(size), proof, root), false, at);
        }
      }
    }
  }
});

function loadShared(name) {
  const file = path.join(sharedVectors, name);
  return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : null;
}

test('shared vectors: RFC 6962 reference tree roots', async (t) => {
  const v = loadShared('rfc6962-reference-vectors.json');
  if (!v) return t.skip(`shared test data ${sharedVectors} is absent`);
  const leaves = v.reference_tree.leaf_inputs_hex.map((h) => Uint8Array.from(Buffer.from(h, 'hex')));
  for (let size = 0; size <= leaves.length; size++) {
    const root = await mth(leaves.slice(0, size));
    assert.equal(hex(root), v.reference_tree.root_hashes_by_size[size], `size ${size}`);
    for (let i = 0; i < size; i++) {
      const ok = await verifyInclusion(await leafHash(leaves[i]), BigInt(i), BigInt(size),
        await inclusionPath(i, leaves.slice(0, size)), root);
      assert.equal(ok, true, `size ${size} index ${i}`);
    }
  }
});

test('shared vectors: signed notes', async (t) => {
  const v = loadShared('signed-note-vectors.json');
  if (!v) return t.skip(`shared test data ${sharedVectors} is absent`);
  for (const c of v.valid) {
    // Some entries keep the note in expected_signed_note (their `note` is a comment).
    const noteText = c.expected_signed_note ?? c.note;
    for (const vkeyText of c.vkeys ?? [c.vkey]) {
      const vkey = await parseAndCheckVkey(vkeyText);
      const note = parseNote(noteText);
      const mine = note.signatures.filter((s) => s.name === vkey.name && hex(s.keyId) === hex(vkey.keyId));
      assert.ok(mine.length > 0, c.id);
      for (const s of mine) {
        const key = await crypto.subtle.importKey('raw', vkey.pub, { name: 'Ed25519' }, false, ['verify']);
        assert.equal(await crypto.subtle.verify('Ed25519', key, s.sig, utf8(note.text)), true, c.id);
      }
      assert.equal(hex(await computeKeyId(vkey.name, vkey.pub)), hex(vkey.keyId), c.id);
    }
  }
  for (const c of v.malformed) {
    if (typeof c.note === 'string') assert.throws(() => parseNote(c.note), undefined, c.id);
    if (typeof c.note_hex === 'string') {
      assert.throws(() => utf8Decode(Buffer.from(c.note_hex, 'hex')), /UTF-8/, c.id);
    }
  }
});

test('shared vectors: vkey parsing', async (t) => {
  const v = loadShared('c2sp-format-examples.json');
  if (!v) return t.skip(`shared test data ${sharedVectors} is absent`);
  for (const c of v.vkey_parse_vectors.valid) {
    if (c.type !== 1) {
      assert.throws(() => parseVkey(c.vkey), /Ed25519/, c.vkey);
      continue;
    }
    await parseAndCheckVkey(c.vkey);
  }
  for (const c of v.vkey_parse_vectors.invalid) assert.throws(() => parseVkey(c.vkey), undefined, c.vkey);
});
