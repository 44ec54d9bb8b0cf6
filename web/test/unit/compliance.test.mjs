// Unit tests of the Compliance and Dialogue pages' view model (web/src/lib/compliance.js). Every
// expectation is worked out by hand in the comments next to it.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  formatNumber, groupByObligor, isSynthetic, monthTicks, noteOf, partyCountsText, partyScoreText,
  progressOf, scoreLabel, statusCounts, statusLabel, timelineLayout, validateAt, withoutMarker,
} from '../../src/lib/compliance.js';

test('validateAt: empty is today; real days in 1900..2199 only', () => {
  assert.deepEqual(validateAt(''), { ok: true });
  assert.deepEqual(validateAt('2020-03-11'), { ok: true });
  assert.deepEqual(validateAt('1900-01-01'), { ok: true });
  assert.deepEqual(validateAt('2199-12-31'), { ok: true });
  assert.equal(validateAt('2020-02-30').ok, false); // 2020 has a 29 February, not a 30th
  assert.equal(validateAt('2021-02-29').ok, false); // 2021 is not a leap year
  assert.equal(validateAt('20200311').ok, false);
  assert.match(validateAt('1899-12-31').error, /1900 to 2199/);
  assert.match(validateAt('2200-01-01').error, /1900 to 2199/);
});

test('status and score labels', () => {
  assert.equal(statusLabel('not-in-force'), 'not in force');
  assert.equal(statusLabel('overdue'), 'overdue');
  assert.equal(scoreLabel(0), '0 · not initiated');
  assert.equal(scoreLabel(3), '3 · full');
  assert.equal(scoreLabel(null), '–'); // an unknown clause has no score
});

test('groupByObligor keeps the server order inside a party and sorts parties', () => {
  const clauses = [{ id: 'a', obligor: 'us' }, { id: 'b', obligor: 'iea' }, { id: 'c', obligor: 'us' }];
  assert.deepEqual(groupByObligor(clauses), [
    { obligor: 'iea', clauses: [clauses[1]] },
    { obligor: 'us', clauses: [clauses[0], clauses[2]] },
  ]);
  assert.deepEqual(groupByObligor([]), []);
  assert.deepEqual(statusCounts([{ status: 'met' }, { status: 'met' }, { status: 'overdue' }]),
    { met: 2, pending: 0, overdue: 1, breached: 0, 'not-in-force': 0, unknown: 0 });
});

test('progressOf: value, target and the clamped fraction; null without numbers', () => {
  // 13,000 down to 10,800 of a 4,400 reduction: 2,200 / 4,400 = 0.5 → 50%.
  assert.deepEqual(progressOf({ progress: { value: 10800, target: 8600, fraction: 0.5 } }),
    { value: 10800, target: 8600, fraction: 0.5, text: 'now 10,800, target 8,600 (50% done)' });
  assert.equal(progressOf({ progress: { value: 0, target: 0, fraction: 1.7 } }).fraction, 1);
  assert.equal(progressOf({ progress: { value: null, target: null, fraction: null } }), null);
  assert.equal(progressOf({}), null);
  assert.equal(formatNumber(2500), '2,500');
  assert.equal(formatNumber(null), '–');
});

test('noteOf: the error wins over the projection', () => {
  assert.equal(noteOf({ error: 'no view', projection: { text: 'x' } }), 'no view');
  assert.equal(noteOf({ projection: { text: 'at 500 every two weeks …' } }), 'at 500 every two weeks …');
  assert.equal(noteOf({}), '');
});

test('isSynthetic: an explicit true, or text / title starting with the demo\'s marker', () => {
  assert.equal(isSynthetic({ synthetic: true }), true);
  assert.equal(isSynthetic({ synthetic: 'yes' }), false);
  assert.equal(isSynthetic({ text: '[synthetic] Reduced violence' }), true);
  assert.equal(isSynthetic({ title: '[synthetic] A session' }), true);
  assert.equal(isSynthetic({ text: 'Reduced violence [synthetic]' }), false); // only at the start
  assert.equal(isSynthetic({ text: ' [synthetic] x' }), false);
  assert.equal(isSynthetic({}), false);
  assert.equal(isSynthetic(null), false);
  assert.equal(withoutMarker('[synthetic] Reduced violence'), 'Reduced violence');
  assert.equal(withoutMarker('Reduced violence'), 'Reduced violence');
});

test('per-party texts', () => {
  assert.equal(partyScoreText(null), 'no clause in force');
  assert.equal(partyScoreText(5 / 3), '1.67 / 3'); // 1.666… rounded to two decimals
  assert.equal(partyScoreText(2), '2 / 3');
  assert.equal(partyCountsText({ met: 2, late: 1, overdue: 1, pending: 0, breached: 0, not_in_force: 1,
    unknown: 0 }), '2 met (1 late), 1 overdue, 1 not in force');
  assert.equal(partyCountsText({ met: 0 }), 'no clauses');
});

test('timelineLayout: a shared day axis, marks per clause, the at line', () => {
  const entries = [
    { id: 'a', obligor: 'us', status: 'met', recorded: '2020-03-01', in_force: '2020-03-01',
      deadline: '2020-07-13', met: '2020-07-13', late: false, breached: null, projected: null },
    { id: 'b', obligor: 'iea', status: 'pending', recorded: '2020-04-01', in_force: null,
      deadline: null, met: null, late: false, breached: null, projected: '2020-05-31' },
  ];
  // Days: 2020-03-01 = 18322, 2020-07-13 = 18456 (+31+30+31+30+12 = 134), at 2020-08-10 = 18484.
  const l = timelineLayout(entries, { at: '2020-08-10', width: 720, left: 200, right: 20, top: 20,
    rowHeight: 30 });
  assert.deepEqual(l.domain, [18322, 18484]);
  assert.equal(l.x(18322), 200);
  assert.equal(l.x(18484), 700);
  assert.equal(l.atX, 700);
  assert.equal(l.rows.length, 2);
  assert.equal(l.rows[0].y, 35); // top + row height / 2
  assert.equal(l.rows[1].y, 65);
  assert.deepEqual(l.rows[0].marks.map((m) => m.type), ['recorded', 'in_force', 'deadline', 'met']);
  assert.deepEqual(l.rows[1].marks.map((m) => [m.type, m.date]), [['recorded', '2020-04-01'], ['projected', '2020-05-31']]);
  // Both rows run to the day evaluated, the last day on the axis.
  assert.equal(l.rows[0].to, 700);
  assert.equal(l.rows[1].from, l.x(18353)); // 2020-04-01 = 18322 + 31
  assert.equal(l.height, 20 + 2 * 30 + 8);
  // Month ticks on the 1sts from March to August 2020: six, none thinned.
  assert.deepEqual(l.ticks.map((t) => t.label), ['2020-03', '2020-04', '2020-05', '2020-06', '2020-07', '2020-08']);
  // A single day is widened by a week each side, so nothing divides by zero.
  const one = timelineLayout([{ id: 'c', recorded: '2020-03-01' }], {});
  assert.deepEqual(one.domain, [18315, 18329]);
  assert.deepEqual(timelineLayout([], {}).rows, []);
});

test('monthTicks thins to at most eight', () => {
  // 2020-01-01 (18262) to 2021-12-31 (18992): 24 month starts → every 3rd → 8 ticks.
  const ticks = monthTicks(18262, 18992, (d) => d);
  assert.equal(ticks.length, 8);
  assert.equal(ticks[0].label, '2020-01');
  assert.equal(ticks[1].label, '2020-04');
});
