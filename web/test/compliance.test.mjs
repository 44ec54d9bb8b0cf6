// End-to-end test of the Compliance (#/compliance) and Dialogue (#/dialogue) pages in Debian's
// Chromium against a real `jirga serve`, on a store filled through the real CLI: a mediator's
// commitments (a drawdown with a metric, a clause met by a claim, a dependent full withdrawal, a
// clause labelled "[synthetic]" as the demo labels illustrations),
// the signature event, US troop declarations, a late fulfilment claim and a Track 2 session.
// What the pages must show is asked of the CLI in the test (`jirga compliance status --at`,
// `jirga dialogue sessions`), never written down here.
//
//   node web/test/compliance.test.mjs --jirga build/jirga [--chromium /usr/bin/chromium]
//                                     [--artifacts DIR]   (screenshots)
//
// Registered with CTest as DashboardComplianceBrowser. Fails (does not skip) without Chromium or
// playwright-core.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { launchBrowser, runJirga, saveScreenshot, startServer, testArgs } from './harness.mjs';

const args = testArgs('compliance.test.mjs');
const JIRGA = args.jirga;
const UI_TIMEOUT = 15_000;

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jirga-compliance-'));
const store = path.join(tmp, 'log.db');
const jirga = (argv, input) => runJirga(JIRGA, argv, input);
const keys = {};

let server;
let browser; // {context, page, errors}
let page;

const line = (kind, time, body) => JSON.stringify({ kind, time: `${time}T12:00:00Z`, body });
function submit(party, lines) {
  jirga(['submit', '--store', store, '--key', keys[party], '-'], lines.join('\n') + '\n');
}
// What the CLI says on `at` ('' = today).
function cliStatus(at) {
  return JSON.parse(jirga(['compliance', 'status', '--store', store, ...(at ? ['--at', at] : [])]));
}
function cliTimeline(at) {
  return JSON.parse(jirga(['compliance', 'timeline', '--store', store, '--at', at]));
}

const SESSION = {
  date: '2020-06-08',
  title: 'Sequencing a ceasefire and the talks',
  organiser: 'Heart of Asia Society',
  partners: ['A partner institute'],
  participants: { countries: ['Afghanistan', 'Pakistan', 'Qatar'], institutions: ['UNAMA'] },
  points: [{ text: 'A reduction in violence would make talks easier to start.' },
    { text: 'Prisoner releases are a confidence-building step.' }],
  recommendations: [{ text: 'Set up a joint ceasefire monitoring body.',
    follow_ups: ['Raised with both negotiating teams in July.'] }],
};

before(async () => {
  jirga(['init', '--store', store, '--origin', 'compliance.test/log']);
  for (const [id, role, kinds] of [['qatar', 'mediator', 'commitment,fulfilment,session'],
    ['us', 'guarantor', 'troops,fulfilment'], ['iea', 'belligerent', 'fulfilment']]) {
    keys[id] = path.join(tmp, `${id}.key`);
    const vkey = jirga(['key', 'generate', id, '--out', keys[id]]);
    jirga(['party', 'register', id, '--vkey', vkey, '--role', role, '--kinds', kinds, '--store', store]);
  }
  submit('qatar', [
    line('fulfilment', '2020-02-29', { event: 'signature', claim: 'Signed in Doha', date: '2020-02-29' }),
    line('commitment', '2020-02-29', { id: 'doha.us-drawdown-8600', text: 'US forces to 8,600 within 135 days',
      obligor: 'us', obligee: 'iea', metric: 'troops("us") <= 8600', deadline: '135 days after event("signature")' }),
    line('commitment', '2020-02-29', { id: 'doha.ian-start', text: 'Intra-Afghan negotiations start on 10 March 2020',
      obligor: 'iea', deadline: '2020-03-10' }),
    line('commitment', '2020-02-29', { id: 'doha.us-withdrawal-full', text: 'All forces within 14 months',
      obligor: 'us', metric: 'troops("us") <= 0', depends_on: ['doha.us-drawdown-8600'],
      deadline: '14 months after met("doha.us-drawdown-8600")' }),
    // Labelled as the demo labels an illustration (src/demo/doha2020.h).
    line('commitment', '2020-02-29', { id: 'demo.illustration', obligor: 'iea',
      text: '[synthetic] An illustrative clause, not part of the agreement' }),
  ]);
  submit('us', [line('troops', '2020-02-29', { force: 'us', strength: 13000, as_of: '2020-02-29' })]);
  submit('us', [line('troops', '2020-05-01', { force: 'us', strength: 11000, as_of: '2020-05-01' })]);
  submit('us', [line('troops', '2020-07-13', { force: 'us', strength: 8600, as_of: '2020-07-13' })]);
  submit('us', [line('troops', '2020-11-15', { force: 'us', strength: 4500, as_of: '2020-11-15' })]);
  submit('iea', [line('fulfilment', '2020-09-12', { clause: 'doha.ian-start', claim: 'Talks opened in Doha',
    date: '2020-09-12' })]);
  submit('qatar', [line('session', '2020-06-08', SESSION)]);

  server = await startServer(JIRGA, store);
  browser = await launchBrowser(args.chromium, tmp, UI_TIMEOUT);
  page = browser.page;
});

after(async () => {
  await browser?.context.close();
  await server?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const screenshot = (name) => saveScreenshot(page, args.artifacts, name);

const byTestId = (id) => page.getByTestId(id);

// Waits until the page shows the answer for `at` ('' = today).
async function shown(at) {
  await page.waitForFunction((want) => {
    const caption = document.querySelector('[data-testid="compliance-caption"]');
    return caption?.dataset.at === want &&
      document.querySelector('[data-testid="compliance-loading"]')?.textContent === '';
  }, at);
}

// The board as the page shows it: id → {status, score, late, deadline, obligor}.
function board() {
  return page.locator('[data-testid="clause"]').evaluateAll((els) => Object.fromEntries(els.map((e) => [
    e.dataset.id, {
      status: e.dataset.status,
      score: e.dataset.score === '' ? null : Number(e.dataset.score),
      late: e.dataset.late === 'true',
      deadline: e.querySelector('[data-testid="clause-deadline"]').textContent.trim().split(/\s/)[0],
      obligor: e.closest('[data-testid="obligor"]').dataset.party,
    }])));
}

function expectedBoard(cli) {
  return Object.fromEntries(cli.map((c) => [c.id, {
    status: c.status, score: c.score, late: c.late,
    deadline: c.deadline ?? (c.deadline_rule ? 'not' : 'none'), obligor: c.obligor,
  }]));
}

// The per-party mean score, computed here from the CLI's clauses: the mean over clauses in force
// (met, pending, overdue, breached).
function expectedPartyScores(cli) {
  const by = {};
  for (const c of cli) {
    by[c.obligor] ??= [];
    if (['met', 'pending', 'overdue', 'breached'].includes(c.status)) by[c.obligor].push(c.score);
  }
  return Object.fromEntries(Object.entries(by).map(([p, s]) =>
    [p, s.length ? s.reduce((a, b) => a + b, 0) / s.length : null]));
}

async function partyScores() {
  return page.locator('[data-testid="party-row"]').evaluateAll((els) => Object.fromEntries(
    els.map((e) => [e.dataset.party, e.dataset.score === '' ? null : Number(e.dataset.score)])));
}

test('the board shows what the CLI computes, and follows the date picker', async () => {
  await page.goto(`${server.url}/#/overview`);
  await byTestId('nav-compliance').click();
  await shown('');
  assert.equal(await byTestId('nav-compliance').getAttribute('aria-current'), 'page');
  // Today (no `at`): the same as the CLI without --at.
  assert.deepEqual(await board(), expectedBoard(cliStatus('')));

  const days = ['2020-03-11', '2020-07-20', '2020-09-30'];
  const seen = [];
  for (const day of days) {
    await byTestId('compliance-at').fill(day);
    await shown(day);
    const cli = cliStatus(day);
    assert.equal(await byTestId('clause').count(), cli.length, day);
    const got = await board();
    assert.deepEqual(got, expectedBoard(cli), day);
    assert.deepEqual(await partyScores(), expectedPartyScores(cli), day);
    seen.push(got);
    assert.equal(new URL(page.url()).hash, `#/compliance/${day}`);
    await screenshot(`compliance-${day}`);
  }
  // Changing the day changed what is shown (the drawdown pending, then met; the talks overdue,
  // then met late), as the CLI says.
  assert.notDeepEqual(seen[0]['doha.us-drawdown-8600'].status, seen[1]['doha.us-drawdown-8600'].status);
  assert.notDeepEqual(seen[1]['doha.ian-start'], seen[2]['doha.ian-start']);

  // Progress for a clause with numbers: the CLI's value and target, on the progress element.
  const cli = cliStatus('2020-09-30');
  const drawdown = page.locator('[data-testid="clause"][data-id="doha.us-drawdown-8600"]');
  const want = cli.find((c) => c.id === 'doha.us-drawdown-8600').progress;
  const text = await drawdown.getByTestId('clause-progress-text').textContent();
  assert.ok(text.includes(want.value.toLocaleString('en-US')) && text.includes(want.target.toLocaleString('en-US')), text);
  assert.equal(Number(await drawdown.getByTestId('clause-progress').evaluate((e) => e.value)), want.fraction);
  // A late clause is flagged.
  const talks = cli.find((c) => c.id === 'doha.ian-start');
  assert.equal(await page.locator('[data-testid="clause"][data-id="doha.ian-start"] [data-testid="clause-late"]').count(),
    talks.late ? 1 : 0);
  // Only the clause marked synthetic has the badge, its text shown without the marker.
  const marked = cli.filter((c) => c.text.startsWith('[synthetic]')).map((c) => c.id);
  assert.deepEqual(marked, ['demo.illustration']);
  assert.deepEqual(await page.locator('[data-testid="clause"]:has([data-testid="synthetic-badge"])')
    .evaluateAll((els) => els.map((e) => e.dataset.id)), marked);
  assert.equal(await page.locator('[data-testid="clause"][data-id="demo.illustration"] .clause-text').textContent(),
    'An illustrative clause, not part of the agreement');
  await byTestId('synthetic-note').waitFor();
});

test('the timeline has a row per clause with the CLI\'s deadlines and the day evaluated', async () => {
  const day = '2020-09-30';
  await page.goto(`${server.url}/#/compliance/${day}`);
  await shown(day);
  const timeline = cliTimeline(day);
  const rows = page.locator('[data-testid="timeline-row"]');
  assert.equal(await rows.count(), timeline.length);
  for (const t of timeline) {
    const marks = await page.locator(`[data-testid="timeline-row"][data-id="${t.id}"] [data-testid="timeline-mark"]`)
      .evaluateAll((els) => Object.fromEntries(els.map((e) => [e.dataset.type, e.dataset.date])));
    for (const k of ['recorded', 'in_force', 'deadline', 'met', 'breached', 'projected']) {
      assert.equal(marks[k] ?? null, t[k], `${t.id} ${k}`);
    }
  }
  assert.equal(await byTestId('timeline-at').count(), 1);
  await byTestId('timeline').screenshot(args.artifacts
    ? { path: path.join(args.artifacts, 'compliance-timeline.png') } : {});
});

test('a day out of range is refused in the page, not sent', async () => {
  await byTestId('compliance-at').fill('1899-12-31');
  await byTestId('compliance-at-error').waitFor();
  assert.match(await byTestId('compliance-at-error').textContent(), /1900 to 2199/);
  // The board still shows the last day asked.
  assert.equal(await byTestId('compliance-caption').getAttribute('data-at'), '2020-09-30');
  await byTestId('compliance-today').click();
  await shown('');
  // A day in the address that does not exist: said so, and today is shown instead.
  await page.goto(`${server.url}/#/compliance/2020-02-30`);
  await shown('');
  assert.match(await byTestId('compliance-at-error').textContent(), /2020-02-30: the date must be a real day/);
  assert.deepEqual(await board(), expectedBoard(cliStatus('')));
});

test('the dialogue page lists the sessions as the CLI does, points unattributed', async () => {
  await byTestId('nav-dialogue').click();
  await byTestId('session').first().waitFor();
  const cli = JSON.parse(jirga(['dialogue', 'sessions', '--store', store]));
  assert.equal(await byTestId('session').count(), cli.length);
  const s = cli[0];
  const article = page.locator(`[data-testid="session"][data-index="${s.index}"]`);
  assert.equal(await article.getAttribute('data-date'), s.date);
  assert.equal(await article.getByTestId('session-title').textContent(), s.title);
  assert.equal(await article.getByTestId('session-countries').textContent(), s.participants.countries.join(', '));
  assert.equal(await article.getByTestId('session-institutions').textContent(), s.participants.institutions.join(', '));
  // Each point is its text alone: no participant next to it.
  const points = await article.getByTestId('session-point').allTextContents();
  assert.deepEqual(points.map((p) => p.trim()), s.points);
  const names = [...s.participants.countries, ...s.participants.institutions];
  for (const p of points) for (const n of names) assert.ok(!p.includes(n), `"${n}" next to a point: ${p}`);
  const recs = await article.getByTestId('session-recommendation').allTextContents();
  assert.equal(recs.length, s.recommendations.length);
  assert.ok(recs[0].includes(s.recommendations[0].text));
  assert.deepEqual((await article.getByTestId('session-follow-up').allTextContents()).map((t) => t.replace('Follow-up:', '').trim()),
    s.recommendations[0].follow_ups);
  await screenshot('dialogue');
});

test('no console errors and no CSP violations', () => {
  assert.deepEqual(browser.errors, []);
});
