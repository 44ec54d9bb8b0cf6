// End-to-end test of `jirga demo` in Debian's Chromium: the real binary builds the Doha 2020
// log and serves the dashboard (`jirga demo --listen 127.0.0.1:0`); the test walks the pages —
// overview → monitor → log explorer → exchange → compliance → dialogue — checks each against the
// CLI's answers for the same store, that the synthetic illustrations say so and the real events
// do not, that there are no console errors, and keeps a screenshot of each page.
//
//   node web/test/demo.test.mjs --jirga build/jirga [--chromium /usr/bin/chromium]
//                               [--artifacts DIR]   (screenshots; CTest: build/test-artifacts/demo)
//
// Registered with CTest as DashboardDemoBrowser. Uses ../shared/data's UCDP sample when present.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { launchBrowser, runJirga, saveScreenshot, testArgs } from './harness.mjs';

const args = testArgs('demo.test.mjs');
const JIRGA = args.jirga;
const UI_TIMEOUT = 20_000;
const UCDP = path.resolve(path.dirname(fileURLToPath(import.meta.url)),
  '../../../shared/data/events/ucdp_ged231_sample_afghanistan.csv');

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jirga-demo-'));
const store = path.join(tmp, 'demo', 'jirga.db');

let demo; // {proc, url, out}
let browser;
let page;

// Starts `jirga demo … --listen 127.0.0.1:0` and resolves once it prints its URL.
function startDemo() {
  return new Promise((resolve, reject) => {
    const proc = spawn(JIRGA, ['demo', '--store', store, '--listen', '127.0.0.1:0', '--ucdp', UCDP],
      { stdio: ['ignore', 'pipe', 'pipe'] });
    const d = { proc, url: null, out: '', err: '' };
    proc.stderr.on('data', (x) => { d.err += x; });
    proc.stdout.on('data', (x) => {
      d.out += x;
      const m = d.out.match(/^listening on (http:\/\/\S+)\n/m);
      if (m && !d.url) {
        d.url = m[1];
        resolve(d);
      }
    });
    proc.on('exit', (code) => {
      if (!d.url) reject(new Error(`jirga demo exited ${code} before serving: ${d.err}`));
    });
    setTimeout(() => reject(new Error('jirga demo did not serve within 60 s')), 60_000).unref();
  });
}

const screenshot = (name) => saveScreenshot(page, args.artifacts, name);

const byTestId = (id) => page.getByTestId(id);

before(async () => {
  demo = await startDemo();
  browser = await launchBrowser(args.chromium, tmp, UI_TIMEOUT);
  page = browser.page;
});

after(async () => {
  await browser?.context.close();
  if (demo && demo.proc.exitCode === null) {
    await new Promise((done) => {
      demo.proc.on('exit', done);
      demo.proc.kill('SIGINT');
    });
  }
  fs.rmSync(tmp, { recursive: true, force: true });
});

test('the walkthrough ran before the dashboard was served', () => {
  assert.match(demo.out, /The parties sign and submit the Doha 2020 scenario/);
  assert.match(demo.out, /OK: \d+ records, \d+ tree nodes/);  // log verify
  assert.match(demo.out, /doha\.prisoners-5000\s+overdue/);
});

test('overview: the demo log with its seven parties', async () => {
  await page.goto(`${demo.url}/#/`);
  await byTestId('origin').waitFor();
  assert.equal(await byTestId('origin').textContent(), 'demo.jirga.example/doha-2020');
  const parties = await page.locator('[data-testid="party-row"]').evaluateAll(
    (rows) => rows.map((r) => r.dataset.partyId));
  for (const id of ['us', 'iea', 'irog', 'qatar', 'icrc', 'pakistan', 'unama']) {
    assert.ok(parties.includes(id), `party ${id} in ${parties}`);
  }
  await screenshot('demo-overview');
});

test('monitor: the incidents of 2020, the synthetic ones marked as such', async () => {
  await page.goto(`${demo.url}/#/monitor`);
  await byTestId('incident-row').first().waitFor();
  await byTestId('filter-from').fill('2020-03-01');
  await byTestId('filter-to').fill('2020-03-31');
  await byTestId('filter-to').dispatchEvent('change');
  await page.waitForFunction(() =>
    /to 2020-03-31/.test(document.querySelector('[data-testid="incident-caption"]')?.textContent ?? '') &&
    document.querySelector('[data-testid="monitor-loading"]')?.textContent === '');
  const days = await byTestId('incident-row').evaluateAll(
    (rows) => rows.map((r) => r.children[1].textContent.slice(0, 10)));
  assert.ok(days.every((d) => d >= '2020-03-01' && d <= '2020-03-31'), days.join(' '));
  // The newest first: 31 March, a synthetic attack.
  const first = byTestId('incident-row').first();
  assert.equal(await first.getByTestId('incident-synthetic').count(), 1);
  await screenshot('demo-monitor');
});

test('log explorer: a synthetic incident says so, the Kabul attack of 6 March does not', async () => {
  const found = JSON.parse(runJirga(JIRGA, ['monitor', 'incidents', '--store', store,
    '--province', 'AF-KAB', '--from', '2020-03-06', '--to', '2020-03-06']));
  const kabul = found.incidents.find((i) => i.counted_fatalities.best === 32);
  assert.ok(kabul, 'the 6 March attack in Kabul');
  await page.goto(`${demo.url}/#/explorer/${kabul.index}`);
  await byTestId('record-kind').waitFor();
  assert.equal(await byTestId('record-kind').textContent(), 'incident');
  assert.equal(await byTestId('record-synthetic').count(), 0);
  await screenshot('demo-explorer-real');

  const helmand = JSON.parse(runJirga(JIRGA, ['monitor', 'incidents', '--store', store,
    '--province', 'AF-HEL', '--from', '2020-03-03', '--to', '2020-03-03', '--limit', '1']));
  await page.goto(`${demo.url}/#/explorer/${helmand.incidents[0].index}`);
  await byTestId('record-synthetic').waitFor();
  assert.match(await byTestId('record-synthetic').textContent(), /synthetic illustration/);
  await screenshot('demo-explorer-synthetic');
});

// The rest of the walk goes through the navigation bar, as a visitor would: exchange →
// compliance → dialogue. What each page must show comes from the CLI's JSON for the same store.
async function visit(id) {
  await byTestId(`nav-${id}`).click();
  await page.waitForFunction((want) => location.hash.startsWith(`#/${want}`), id);
}

test('exchange: every list of the scenario with the CLI\'s counts', async () => {
  const status = JSON.parse(runJirga(JIRGA, ['exchange', 'status', '--store', store,
    '--format', 'json']));
  const lists = status.lists.map((l) => l.list);
  assert.ok(lists.includes('taliban-5000') && lists.includes('gov-1000'), lists.join(' '));
  await visit('exchange');
  await byTestId('exchange-list').first().waitFor();
  const shown = await byTestId('exchange-list').evaluateAll((els) => els.map((e) => e.dataset.list));
  assert.deepEqual([...shown].sort(), [...lists].sort());
  for (const l of status.lists) {
    const text = await page.locator(`[data-testid="exchange-list"][data-list="${l.list}"]`).innerText();
    const digits = text.replace(/[,\u202f\u00a0]/g, '');
    assert.ok(digits.includes(String(l.released)), `${l.list}: released ${l.released} in ${text}`);
    // The list's release schedule: the clauses counting its releases, with the engine's status.
    const rows = await page.locator(`[data-testid="exchange-list"][data-list="${l.list}"] [data-testid="schedule-row"]`)
      .evaluateAll((els) => els.map((e) => `${e.dataset.id}=${e.dataset.status}`));
    assert.deepEqual(rows, l.schedule.map((c) => `${c.id}=${c.status}`), l.list);
  }
  assert.ok(status.lists.some((l) => l.schedule.length > 0), 'the demo has release schedules');
  await screenshot('demo-exchange');
  // As of 24 May 2020 (1,500 released, the decree's first stage met), the next batch belongs to
  // the stage the CLI names, with as many still to release.
  const may = JSON.parse(runJirga(JIRGA, ['exchange', 'status', '--store', store, '--at',
    '2020-05-24', '--format', 'json']));
  const next = may.lists.find((l) => l.list === 'taliban-5000').next_stage;
  assert.ok(next && next.needed > 0, JSON.stringify(next));
  await byTestId('filter-at').fill('2020-05-24');
  await page.getByRole('button', { name: 'Apply' }).click();
  const shownNext = page.locator('[data-testid="exchange-list"][data-list="taliban-5000"] [data-testid="next-stage"]');
  await page.waitForFunction((id) => document.querySelector(
    '[data-list="taliban-5000"] [data-testid="next-stage"]')?.dataset.id === id, next.id);
  assert.equal(Number(await shownNext.getAttribute('data-needed')), next.needed);
  assert.equal(await shownNext.getAttribute('data-status'), next.status);
  await screenshot('demo-exchange-next-stage');
});

test('compliance: the agreement\'s clauses with the statuses the CLI computes', async () => {
  const clauses = JSON.parse(runJirga(JIRGA, ['compliance', 'status', '--store', store,
    '--at', '2020-09-30', '--format', 'json']));
  for (const id of ['doha.us-drawdown-8600', 'doha.us-withdrawal-full', 'doha.prisoners-5000',
    'doha.prisoners-1000', 'doha.ian-start', 'doha.sanctions-un', 'doha.sanctions-us']) {
    assert.ok(clauses.some((c) => c.id === id), `the demo defines ${id}`);
  }
  await visit('compliance');
  await byTestId('compliance-at').fill('2020-09-30');
  await byTestId('compliance-apply').click();
  await page.waitForFunction(() => location.hash.includes('2020-09-30'));
  await page.waitForFunction((n) =>
    document.querySelectorAll('[data-testid="clause"]').length === n &&
    !document.querySelector('[data-testid="compliance-loading"]')?.textContent, clauses.length);
  const shown = await byTestId('clause').evaluateAll(
    (els) => Object.fromEntries(els.map((e) => [e.dataset.id, e.dataset.status])));
  for (const c of clauses) assert.equal(shown[c.id], c.status, `${c.id} on 2020-09-30`);
  // The public record: the releases were complete in September, after their March deadline.
  assert.equal(shown['doha.prisoners-5000'], 'met');
  await screenshot('demo-compliance');
});

test('dialogue: the three Heart of Asia sessions, no one named next to a point', async () => {
  const sessions = JSON.parse(runJirga(JIRGA, ['dialogue', 'sessions', '--store', store,
    '--format', 'json']));
  assert.ok(sessions.length >= 3);
  await visit('dialogue');
  await byTestId('session').first().waitFor();
  const titles = await byTestId('session-title').allTextContents();
  for (const s of sessions) {
    assert.ok(titles.some((t) => t.includes(s.title.replace(/^\[synthetic\]\s*/, ''))),
      `${s.title} among ${titles.join(' | ')}`);
  }
  assert.equal(await byTestId('session-point').count(),
    sessions.reduce((n, s) => n + s.points.length, 0));
  await screenshot('demo-dialogue');
});

test('no console errors and no CSP violations', () => {
  assert.deepEqual(browser.errors, []);
});
