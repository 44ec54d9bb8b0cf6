// End-to-end test of the web dashboard in a real browser: Debian's Chromium, driven by
// playwright-core, against a real `jirga serve` on a store made with the real jirga binary.
// It checks the Overview (tree size, parties, recent records, the live record count), then the
// Log explorer's in-browser verification: PASS for an honest log, and FAIL naming the failed step
// when the proof, the record or the trusted key is wrong.
//
//   node web/test/dashboard.test.mjs --jirga build/jirga [--chromium /usr/bin/chromium]
//
// Registered with CTest as DashboardBrowser. Never downloads a browser; fails (does not skip)
// when Chromium or playwright-core is missing, saying to run scripts/install-deps.sh.
// JIRGA_DASHBOARD_SCREENSHOTS=DIR saves a screenshot of each page there.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    jirga: { type: 'string' },
    chromium: { type: 'string', default: '/usr/bin/chromium' },
  },
});
if (!args.jirga) throw new Error('usage: dashboard.test.mjs --jirga PATH [--chromium PATH]');
const JIRGA = path.resolve(args.jirga);
const CHROMIUM = args.chromium;
const SCREENSHOTS = process.env.JIRGA_DASHBOARD_SCREENSHOTS;
const UI_TIMEOUT = 10_000;

const ORIGIN = 'dashboard.test/log';
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jirga-dashboard-'));
const store = path.join(tmp, 'log.db');

let chromium;
let server; // {proc, url, stderr}
let context;
let page;
let logVkey; // as printed by `jirga init`: the out-of-band copy
const keys = {}; // party id → {vkey, file}
const pageErrors = [];

function jirga(argv, input) {
  const r = spawnSync(JIRGA, argv, { input, encoding: 'utf8', timeout: 30_000 });
  if (r.status !== 0) {
    throw new Error(`jirga ${argv.join(' ')} exited ${r.status}: ${r.stderr}`);
  }
  return r.stdout.trim();
}

function startServer() {
  return new Promise((resolve, reject) => {
    const proc = spawn(JIRGA, ['serve', '--store', store, '--listen', '127.0.0.1:0'],
      { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const s = { proc, url: null, stderr: '' };
    proc.stderr.on('data', (d) => { s.stderr += d; });
    proc.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/^listening on (http:\/\/\S+)\n/m);
      if (m && !s.url) {
        s.url = m[1];
        resolve(s);
      }
    });
    proc.on('exit', (code) => {
      if (!s.url) reject(new Error(`jirga serve exited ${code} before listening: ${s.stderr}`));
    });
    setTimeout(() => reject(new Error('jirga serve did not start within 10 s')), 10_000).unref();
  });
}

// A raw GET with the path sent exactly as given (no normalisation by a URL parser).
function rawGet(url, rawPath) {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: u.hostname, port: u.port, path: rawPath, method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

// Signs and submits one statement over HTTP as the holder of `keyFile` (docs/http-api.md §4):
// the server is the store's only writer while it runs.
async function submitOverHttp(party, keyFile, title) {
  const text = fs.readFileSync(keyFile, 'utf8').trim();
  const b64 = text.split('+').slice(4).join('+'); // PRIVATE+KEY+name+id+base64(0x01||seed)
  const seed = Buffer.from(b64, 'base64').subarray(1);
  const pkcs8 = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]);
  const key = crypto.createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
  const time = new Date(Date.now() - 60_000).toISOString().replace(/\.\d+Z$/, 'Z');
  const record = Buffer.from(JSON.stringify({
    v: 1, kind: 'statement', party, time, body: { text: 'Submitted while the page was open.', title },
  }));
  const salt = crypto.randomBytes(32);
  const commitment = crypto.createHash('sha256').update(salt).update(record).digest();
  const sig = crypto.sign(null, Buffer.concat([Buffer.from('jirga/v1/record\0'), commitment]), key);
  const response = await fetch(`${server.url}/v1/records`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      record: record.toString('base64'), salt: salt.toString('base64'),
      sig: sig.toString('base64'), key: keys[party].vkey,
    }),
  });
  assert.equal(response.status, 201, await response.text());
}

async function screenshot(name) {
  if (SCREENSHOTS) {
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
  }
}

const byTestId = (id) => page.getByTestId(id);

async function verifyAndWait() {
  await byTestId('verify-button').click();
  const result = byTestId('verify-result');
  await result.waitFor({ timeout: UI_TIMEOUT });
  return {
    status: await result.getAttribute('data-status'),
    failed: (await result.getAttribute('data-failed')).split(' ').filter(Boolean),
    text: await result.textContent(),
  };
}

before(async () => {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: run scripts/install-deps.sh (Debian package chromium)`);
  }
  try {
    ({ chromium } = await import('playwright-core'));
  } catch (e) {
    throw new Error(`playwright-core is missing (${e.message}): run scripts/install-deps.sh ` +
      '(it runs npm ci in web/)');
  }

  // The log: the operator (index 0), two parties (1, 2) and five statements (3..7).
  logVkey = jirga(['init', '--store', store, '--origin', ORIGIN]);
  for (const [id, name] of [['gov', 'Government'], ['iea', 'Islamic Emirate']]) {
    const file = path.join(tmp, `${id}.key`);
    keys[id] = { file, vkey: jirga(['key', 'generate', id, '--out', file]) };
    jirga(['party', 'register', id, '--vkey', keys[id].vkey, '--role', 'belligerent', '--name',
      name, '--store', store]);
  }
  const statement = (day, title) => JSON.stringify({
    kind: 'statement', time: `2020-03-0${day}T09:00:00Z`, body: { title, text: `${title}.` },
  });
  jirga(['submit', '--store', store, '--key', keys.gov.file, '-'],
    [statement(3, 'Road open'), statement(4, 'Checkpoint staffed'), statement(5, 'Prisoners listed')]
      .join('\n') + '\n');
  jirga(['submit', '--store', store, '--key', keys.iea.file, '-'],
    [statement(6, 'Ceasefire holds'), statement(7, 'List received')].join('\n') + '\n');

  server = await startServer();
  context = await chromium.launchPersistentContext(path.join(tmp, 'chromium-profile'), {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  page = context.pages()[0] ?? await context.newPage();
  page.setDefaultTimeout(UI_TIMEOUT);
  // Any console error fails the test: a CSP violation (an inline script or style, a fetch to
  // another origin) shows up there.
  page.on('console', (m) => {
    if (m.type() === 'error') pageErrors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => pageErrors.push(`page error: ${e.message}`));
});

after(async () => {
  await context?.close();
  if (server) {
    server.proc.kill('SIGTERM');
    await new Promise((resolve) => {
      if (server.proc.exitCode !== null) resolve();
      else server.proc.on('exit', resolve);
    });
  }
  fs.rmSync(tmp, { recursive: true, force: true });
});

test('the dashboard is served with its security headers; traversal is refused', async () => {
  const index = await rawGet(server.url, '/');
  assert.equal(index.status, 200);
  assert.match(index.headers['content-type'], /^text\/html/);
  assert.equal(index.headers['x-content-type-options'], 'nosniff');
  assert.match(index.headers['content-security-policy'], /script-src 'self'/);
  const lib = await rawGet(server.url, '/vendor/lit-html/lit-html.js');
  assert.equal(lib.status, 200);
  assert.match(lib.headers['content-type'], /^text\/javascript/);
  for (const p of ['/../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/src/..%2f..%2fetc/passwd',
    '/%5c..%5cetc%5cpasswd', '/index.html%00.js', '//etc/passwd']) {
    assert.equal((await rawGet(server.url, p)).status, 404, p);
  }
});

test('overview: tree size, parties, recent records, live count', async () => {
  await page.goto(`${server.url}/`);
  await assert.doesNotReject(byTestId('tree-size').waitFor());
  assert.equal(await byTestId('tree-size').textContent(), '8');
  assert.equal(await byTestId('origin').textContent(), ORIGIN);
  assert.equal(await byTestId('log-vkey').textContent(), logVkey);
  assert.match(await byTestId('checkpoint-text').textContent(), new RegExp(`^${ORIGIN}\n8\n`));

  const rows = byTestId('party-row');
  assert.deepEqual(await rows.evaluateAll((els) => els.map((e) => e.dataset.partyId)),
    ['gov', 'iea', 'operator']);
  const gov = page.locator('[data-testid="party-row"][data-party-id="gov"]');
  assert.match(await gov.textContent(), /Government/);
  assert.match(await gov.textContent(), /belligerent/);
  assert.ok((await gov.textContent()).includes(keys.gov.vkey));

  const recent = byTestId('recent-row');
  assert.deepEqual(await recent.evaluateAll((els) => els.map((e) => e.dataset.index)),
    ['7', '6', '5', '4', '3', '2', '1', '0']);
  const newest = await recent.first().textContent();
  assert.match(newest, /2020-03-07T09:00:00Z/); // the party's signed time
  assert.match(newest, /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ.*\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/s); // and received
  await screenshot('overview');

  // A record appended while the page is open shows up through the /checkpoint poll.
  await submitOverHttp('gov', keys.gov.file, 'Late news');
  await page.waitForFunction(
    () => document.querySelector('[data-testid="record-count"]')?.textContent === '9',
    null, { timeout: UI_TIMEOUT });
  await page.waitForFunction(
    () => document.querySelector('[data-testid="tree-size"]')?.textContent === '9',
    null, { timeout: UI_TIMEOUT });
});

test('explorer: look up a record and verify it in the browser: PASS', async () => {
  await byTestId('nav-explorer').click();
  await byTestId('index-input').fill('4');
  await byTestId('lookup-button').click();
  await byTestId('record-json').waitFor();
  assert.equal(new URL(page.url()).hash, '#/explorer/4');
  const json = JSON.parse(await byTestId('record-json').textContent());
  assert.equal(json.body.title, 'Checkpoint staffed');
  assert.equal(json.party, 'gov');
  assert.equal(await byTestId('record-time').textContent(), '2020-03-04T09:00:00Z');
  assert.match(await byTestId('salt').textContent(), /^[0-9a-f]{64}$/);
  assert.match(await byTestId('leaf').textContent(), /commitment [0-9a-f]{64}/);

  // Pre-filled with the server's key; then the user pastes the key they got out of band.
  await page.waitForFunction(() => document.querySelector('[data-testid="server-vkey"]')
    ?.textContent.includes('+'));
  assert.equal(await byTestId('vkey-input').inputValue(), logVkey);
  await byTestId('vkey-input').fill(logVkey);

  const r = await verifyAndWait();
  assert.equal(r.status, 'pass', r.text);
  assert.deepEqual(r.failed, []);
  for (const step of ['checkpoint', 'commitment', 'signature', 'inclusion']) {
    assert.equal(await byTestId(`verify-step-${step}`).getAttribute('data-status'), 'pass', step);
  }
  assert.equal(await byTestId('vkey-source').getAttribute('data-source'), 'yours');
  assert.match(await byTestId('vkey-source').textContent(), /key you entered; it is the key the server announces/);
  assert.match(await byTestId('verify-step-signature').textContent(), /party gov/);
  assert.match(await byTestId('verify-step-inclusion').textContent(), /tree of size 9/);
  await screenshot('explorer-pass');

  // The pasted key is remembered.
  await page.reload();
  await byTestId('record-json').waitFor();
  assert.equal(await byTestId('vkey-input').inputValue(), logVkey);
});

test('explorer: a proof with one altered hash fails the inclusion step', async () => {
  const pattern = '**/v1/records/4/proof';
  await page.route(pattern, async (route) => {
    const response = await route.fetch();
    const lines = (await response.text()).split('\n');
    const i = lines.findIndex((l) => l.startsWith('index ')) + 1; // the first proof hash
    assert.match(lines[i], /^[A-Za-z0-9+/]{43}=$/);
    // Flip one character in the middle (any base64 digit there keeps the hash well-formed).
    lines[i] = lines[i].slice(0, 10) + (lines[i][10] === 'A' ? 'B' : 'A') + lines[i].slice(11);
    await route.fulfill({ response, body: lines.join('\n') });
  });
  const r = await verifyAndWait();
  await page.unroute(pattern);
  assert.equal(r.status, 'fail');
  assert.deepEqual(r.failed, ['inclusion']);
  assert.match(r.text, /Inclusion proof/);
  assert.equal(await byTestId('verify-step-checkpoint').getAttribute('data-status'), 'pass');
  await screenshot('explorer-bad-proof');

  // And once the proof is honest again, it passes again.
  assert.equal((await verifyAndWait()).status, 'pass');
});

test('explorer: altered record bytes fail the commitment step', async () => {
  const pattern = '**/v1/records/4';
  await page.route(pattern, async (route) => {
    const response = await route.fetch();
    const entry = await response.json();
    const record = Buffer.from(entry.record, 'base64').toString('utf8');
    entry.record = Buffer.from(record.replace('Checkpoint staffed', 'Checkpoint stormed')).toString('base64');
    await route.fulfill({ response, json: entry });
  });
  await page.reload(); // the explorer fetches the record when it opens
  await page.waitForFunction(() => document.querySelector('[data-testid="record-json"]')
    ?.textContent.includes('stormed'));
  const r = await verifyAndWait();
  await page.unroute(pattern);
  assert.equal(r.status, 'fail');
  assert.deepEqual(r.failed, ['commitment']);
  assert.match(r.text, /Record commitment/);
  await screenshot('explorer-bad-record');
});

test('explorer: a log key other than the log\'s fails the checkpoint step', async () => {
  await page.reload();
  await byTestId('record-json').waitFor();
  await byTestId('vkey-input').fill(keys.gov.vkey);
  let r = await verifyAndWait();
  assert.equal(r.status, 'fail');
  assert.deepEqual(r.failed, ['checkpoint']);
  assert.match(await byTestId('vkey-source').textContent(), /differs from the key the server announces/);

  // "Use the server's key" goes back to the announced key, and says that is what was used.
  await byTestId('use-server-vkey').click();
  assert.equal(await byTestId('vkey-input').inputValue(), logVkey);
  r = await verifyAndWait();
  assert.equal(r.status, 'pass');
  assert.equal(await byTestId('vkey-source').getAttribute('data-source'), 'server');
});

test('no console errors and no CSP violations', () => {
  assert.deepEqual(pageErrors, []);
});
