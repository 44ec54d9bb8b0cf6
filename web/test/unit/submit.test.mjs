// Unit tests of signing and submitting a record in the page (web/src/lib/submit.js) under Node's
// test runner: the test vector of docs/http-api.md §6 (ledger-format.md §13) signed with the
// page's code must give the documented signature and leaf hash; the record bytes are the form
// jirga writes; a server answering with another leaf, or refusing, is an error.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { importPrivateKey, parsePrivateKeyText } from '../../src/lib/signin.js';
import {
  recordBytes, recordTime, resolutionBody, signRecord, sortedJson, submitRecord,
} from '../../src/lib/submit.js';

// docs/http-api.md §6: seed 00 01 … 1f, key name gov, salt 32 × 0x2a.
const SEED = Buffer.from(Array.from({ length: 32 }, (_, i) => i));
const KEY_TEXT = `PRIVATE+KEY+gov+db0c96eb+${Buffer.concat([Buffer.from([1]), SEED]).toString('base64')}\n`;
const VECTOR = {
  record: 'eyJ2IjoxLCJraW5kIjoic3RhdGVtZW50IiwicGFydHkiOiJnb3YiLCJ0aW1lIjoiMjAyMC0wMy0wM1QwOTowMDowMFoiLCJib2R5Ijp7InRleHQiOiJUaGUgY2hlY2twb2ludCBhdCBQdWwtZS1DaGFya2hpIHJlb3BlbmVkLiIsInRpdGxlIjoiUm9hZCBvcGVuIn0sInJlZnMiOlt7InJlbCI6InJlcGxpZXMtdG8iLCJpbmRleCI6MX1dfQ==',
  sig: '6+eGO1YNQE+VtXdYpQJKgEAYYQOHG//RYX9meneFTjB9tZcenxhF37ENusHSBhaXMUOHnv/PJybUsi+TrCU7Bg==',
  key: 'gov+db0c96eb+AQOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG4',
  leafHash: '5aedd4342c0a55ea760229fc2850f1551854bddfb291740380ef597b18f704fd',
};

async function vectorKey() {
  return importPrivateKey(parsePrivateKeyText(KEY_TEXT));
}

async function signedVector() {
  return signRecord(await vectorKey(), new Uint8Array(Buffer.from(VECTOR.record, 'base64')),
    new Uint8Array(32).fill(0x2a));
}

test('the documented test vector signs to the documented signature and leaf hash', async () => {
  const key = await vectorKey();
  assert.equal(key.vkey, VECTOR.key);
  const signed = await signedVector();
  assert.equal(Buffer.from(signed.sig).toString('base64'), VECTOR.sig);
  // A fake server that appends exactly what it was sent answers the documented leaf hash.
  let sent;
  const fakeFetch = async (path, init) => {
    sent = JSON.parse(init.body);
    return new Response(JSON.stringify({ index: 2, leaf: Buffer.from(signed.leaf).toString('base64'),
      leaf_hash: VECTOR.leafHash }), { status: 201 });
  };
  const answer = await submitRecord(signed, fakeFetch);
  assert.deepEqual(answer, { index: 2, leafHash: VECTOR.leafHash, duplicate: false });
  assert.deepEqual(sent, { record: VECTOR.record, salt: Buffer.alloc(32, 0x2a).toString('base64'),
    sig: VECTOR.sig, key: VECTOR.key });
});

test('a server that answers with another leaf or a wrong leaf hash is not believed', async () => {
  const signed = await signedVector();
  const other = Buffer.from(signed.leaf);
  other[127] ^= 1;
  await assert.rejects(submitRecord(signed, async () => new Response(JSON.stringify({
    index: 2, leaf: other.toString('base64'), leaf_hash: VECTOR.leafHash }), { status: 201 })),
  /another leaf than the one signed here/);
  await assert.rejects(submitRecord(signed, async () => new Response(JSON.stringify({
    index: 2, leaf: Buffer.from(signed.leaf).toString('base64'), leaf_hash: '00'.repeat(32) }),
  { status: 201 })), /leaf_hash is not the hash of its leaf/);
});

test('a refusal carries the server\'s message', async () => {
  const signed = await signedVector();
  await assert.rejects(submitRecord(signed, async () => new Response(JSON.stringify({
    error: { code: 'permission_denied', message: 'party "gov" may not submit verification records' } }),
  { status: 403 })), /\/v1\/records: party "gov" may not submit verification records/);
  await assert.rejects(submitRecord(signed, async () => { throw new TypeError('offline'); }),
    /cannot reach the server \(offline\)/);
});

test('record bytes are compact, in jirga\'s member order, with the body\'s members sorted', () => {
  const bytes = recordBytes({ kind: 'verification', party: 'unama', time: '2020-04-02T10:00:00Z',
    body: { prisoner: 17, notes: 'Kabul – ok', match: { same_person: true, prisoner: 812 } } });
  assert.equal(Buffer.from(bytes).toString('utf8'),
    '{"v":1,"kind":"verification","party":"unama","time":"2020-04-02T10:00:00Z",' +
    '"body":{"match":{"prisoner":812,"same_person":true},"notes":"Kabul – ok","prisoner":17}}');
  assert.equal(sortedJson({ b: [2, { d: 1, c: null }], a: 'x"y' }), '{"a":"x\\"y","b":[2,{"c":null,"d":1}]}');
  assert.throws(() => sortedJson({ a: NaN }), /NaN/);
  assert.equal(recordTime(new Date(Date.UTC(2020, 2, 3, 9, 0, 0, 456))), '2020-03-03T09:00:00Z');
});

test('a decision body names two different prisoner records', () => {
  assert.deepEqual(resolutionBody(5, 9, true), { prisoner: 5, match: { prisoner: 9, same_person: true } });
  assert.deepEqual(resolutionBody(5, 9, false, '  father differs '),
    { prisoner: 5, match: { prisoner: 9, same_person: false }, notes: 'father differs' });
  assert.throws(() => resolutionBody(5, 5, true), /two different/);
  assert.throws(() => resolutionBody(-1, 5, true), /two different/);
  assert.throws(() => resolutionBody('5', 6, true), /two different/);
});
