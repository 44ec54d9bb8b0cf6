// Unit tests of the dashboard's sign-in (web/src/lib/signin.js) under Node's test runner: keys
// made here with WebCrypto and written out the way SigningKey::ToText does, key IDs computed
// independently with node:crypto, signatures checked with node:crypto over the exact bytes of
// docs/http-api.md §5a, and malformed key texts refused.
import assert from 'node:assert/strict';
import nodeCrypto from 'node:crypto';
import { test } from 'node:test';

import {
  authHeaders, authMessage, currentSession, importPrivateKey, parsePrivateKeyText, requestToken,
  sessionEndReason, signChallenge, signIn, signOut, tokenRefused,
} from '../../src/lib/signin.js';

// A fresh key as `jirga key generate` writes it: PRIVATE+KEY+name+hex8+base64(0x01||seed)\n,
// with the key ID = SHA-256(name || "\n" || 0x01 || pub)[0:4] computed here with node:crypto.
async function makeKey(name) {
  const pair = await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify']);
  const pkcs8 = Buffer.from(await crypto.subtle.exportKey('pkcs8', pair.privateKey));
  const seed = pkcs8.subarray(pkcs8.length - 32);
  const pub = Buffer.from(await crypto.subtle.exportKey('raw', pair.publicKey));
  const id = nodeCrypto.createHash('sha256')
    .update(Buffer.concat([Buffer.from(name, 'utf8'), Buffer.from([0x0a, 0x01]), pub]))
    .digest().subarray(0, 4).toString('hex');
  const typed = (bytes) => Buffer.concat([Buffer.from([0x01]), bytes]).toString('base64');
  return {
    text: `PRIVATE+KEY+${name}+${id}+${typed(seed)}\n`,
    vkey: `${name}+${id}+${typed(pub)}`,
    pub,
    seed,
    id,
  };
}

function nodePublicKey(pub) {
  // SPKI for Ed25519 (RFC 8410): fixed 12-byte prefix and the 32-byte key.
  const spki = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), pub]);
  return nodeCrypto.createPublicKey({ key: spki, format: 'der', type: 'spki' });
}

test('a key written as jirga writes it round-trips to the same name, key ID and vkey', async () => {
  const k = await makeKey('mediator-un');
  const parsed = parsePrivateKeyText(k.text);
  assert.equal(parsed.name, 'mediator-un');
  assert.equal(Buffer.from(parsed.keyId).toString('hex'), k.id);
  assert.deepEqual(Buffer.from(parsed.seed), k.seed);
  const imported = await importPrivateKey(parsed);
  assert.equal(imported.vkey, k.vkey);
  assert.equal(imported.privateKey.extractable, false);
  // Without the trailing newline too (a pasted key).
  assert.equal((await importPrivateKey(parsePrivateKeyText(k.text.trimEnd()))).vkey, k.vkey);
});

test('a non-ASCII key name round-trips', async () => {
  const k = await makeKey('جرگه-party');
  assert.equal((await importPrivateKey(parsePrivateKeyText(k.text))).vkey, k.vkey);
});

test('the challenge signature verifies with node:crypto over the exact message bytes', async () => {
  const k = await makeKey('party-a');
  const { privateKey } = await importPrivateKey(parsePrivateKeyText(k.text));
  const origin = 'jirga.example/log';
  const challenge = Buffer.from(nodeCrypto.randomBytes(56)).toString('base64');
  const sig = Buffer.from(await signChallenge(privateKey, origin, challenge), 'base64');
  assert.equal(sig.length, 64);
  const message = Buffer.concat([
    Buffer.from('jirga/v1/auth', 'utf8'), Buffer.from([0x00]), Buffer.from(origin, 'utf8'),
    Buffer.from([0x0a]), Buffer.from(challenge, 'utf8'),
  ]);
  assert.deepEqual(Buffer.from(authMessage(origin, challenge)), message);
  assert.ok(nodeCrypto.verify(null, message, nodePublicKey(k.pub), sig));
  // And not over a different origin.
  const other = Buffer.from(authMessage('other', challenge));
  assert.ok(!nodeCrypto.verify(null, other, nodePublicKey(k.pub), sig));
});

test('malformed key texts are refused with a message saying what is wrong', async () => {
  const k = await makeKey('party-b');
  const body = k.text.trimEnd();
  const seedB64 = body.slice(`PRIVATE+KEY+party-b+${k.id}+`.length);
  const cases = [
    ['', /must start with "PRIVATE\+KEY\+"/],
    [k.vkey, /must start with "PRIVATE\+KEY\+"/],
    [' ' + body, /must start with "PRIVATE\+KEY\+"/],
    ['PRIVATE+KEY+party-b', /missing parts/],
    [`PRIVATE+KEY+party-b+${k.id}`, /missing parts/],
    [`PRIVATE+KEY++${k.id}+${seedB64}`, /name is empty/],
    [`PRIVATE+KEY+party b+${k.id}+${seedB64}`, /contains a space/],
    [`PRIVATE+KEY+party-b+A${k.id.slice(1)}+${seedB64}`, /8 lowercase hex digits/],
    [`PRIVATE+KEY+party-b+${k.id.slice(1)}+${seedB64}`, /8 lowercase hex digits/],
    [body + '\n\n', /not canonical base64/],
    [body + ' ', /not canonical base64/],
    [body + '\r\n', /not canonical base64/],
    [`PRIVATE+KEY+party-b+${k.id}+${seedB64.slice(0, -4)}`, /not canonical base64|bytes, want 33/],
    [`PRIVATE+KEY+party-b+${k.id}+`, /seed is empty/],
    [`PRIVATE+KEY+party-b+${k.id}+${Buffer.concat([Buffer.from([2]), k.seed]).toString('base64')}`,
      /key type 0x02/],
    [`PRIVATE+KEY+party-b+${k.id}+${Buffer.concat([Buffer.from([1]), k.seed, Buffer.from([0])]).toString('base64')}`,
      /34 bytes, want 33/],
  ];
  for (const [text, re] of cases) {
    assert.throws(() => parsePrivateKeyText(text), re, JSON.stringify(text));
  }
  assert.throws(() => parsePrivateKeyText(undefined), /must be text/);
  // Well-formed but altered: a wrong key ID, or another name under the same ID.
  const wrongId = ((parseInt(k.id, 16) ^ 1) >>> 0).toString(16).padStart(8, '0');
  await assert.rejects(importPrivateKey(parsePrivateKeyText(`PRIVATE+KEY+party-b+${wrongId}+${seedB64}`)),
    /does not match the key's name and public key/);
  await assert.rejects(importPrivateKey(parsePrivateKeyText(`PRIVATE+KEY+party-c+${k.id}+${seedB64}`)),
    /does not match/);
});

// A stand-in server for §5a: checks the token request's signature with node:crypto.
function fakeServer(k, { origin = 'test.origin/log', refuse = null } = {}) {
  const challenge = nodeCrypto.randomBytes(56).toString('base64');
  const calls = [];
  const reply = (status, body) => ({ ok: status < 300, status, json: async () => body });
  const fetchImpl = async (path, init = {}) => {
    calls.push({ path, init });
    if (path === '/v1/log') return reply(200, { origin });
    if (path === '/v1/auth/challenge') return reply(200, { challenge, expires: 'x' });
    if (path === '/v1/auth/token') {
      if (refuse) return reply(401, { error: { code: 'unauthenticated', message: refuse } });
      const body = JSON.parse(init.body);
      assert.equal(body.key, k.vkey);
      assert.equal(body.challenge, challenge);
      const message = Buffer.from(authMessage(origin, challenge));
      assert.ok(nodeCrypto.verify(null, message, nodePublicKey(k.pub), Buffer.from(body.sig, 'base64')));
      return reply(200, { token: 'tok123', party: 'UN', expires: new Date(Date.now() + 9e5).toISOString() });
    }
    return reply(404, {});
  };
  return { fetchImpl, calls };
}

test('signing in trades the signed challenge for a token; the key text is never sent', async () => {
  const k = await makeKey('un-mediator');
  const { fetchImpl, calls } = fakeServer(k);
  const got = await requestToken(k.text, fetchImpl);
  assert.deepEqual([got.token, got.party, got.keyName], ['tok123', 'UN', 'un-mediator']);
  const seedB64 = k.text.trimEnd().split('+').slice(4).join('+');
  for (const c of calls) assert.ok(!String(c.init.body ?? '').includes(seedB64));
});

test('authHeaders carries the token while signed in and nothing after sign-out', async () => {
  const k = await makeKey('un-mediator');
  assert.deepEqual(authHeaders(), {});
  await signIn(k.text, fakeServer(k).fetchImpl);
  assert.equal(currentSession().party, 'UN');
  assert.deepEqual(authHeaders(), { Authorization: 'Bearer tok123' });
  signOut();
  assert.equal(currentSession(), null);
  assert.deepEqual(authHeaders(), {});
});

test('a refused token request shows the server message and leaves the page signed out', async () => {
  const k = await makeKey('stranger');
  await assert.rejects(signIn(k.text, fakeServer(k, { refuse: 'key is not registered to a party' }).fetchImpl),
    /\/v1\/auth\/token: key is not registered to a party/);
  assert.equal(currentSession(), null);
});

test('a token the server refuses ends the session with the reason; an older token does not', async () => {
  const k = await makeKey('un-mediator');
  await signIn(k.text, fakeServer(k).fetchImpl);
  tokenRefused('an-older-token', 'unknown token');
  assert.equal(currentSession()?.party, 'UN');
  assert.equal(sessionEndReason(), null);
  tokenRefused('tok123', 'unknown or expired token');
  assert.equal(currentSession(), null);
  assert.match(sessionEndReason(), /session ended.*unknown or expired token.*Sign in again/);
  // Signing in again clears it; a sign-out the reader asked for has no reason.
  await signIn(k.text, fakeServer(k).fetchImpl);
  assert.equal(sessionEndReason(), null);
  signOut();
  assert.equal(sessionEndReason(), null);
});
