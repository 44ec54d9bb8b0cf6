// Unit tests of the synthetic-labelling rule (web/src/lib/synthetic.js), one case per clause of
// the rule and its near misses.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { isSynthetic } from '../../src/lib/synthetic.js';

test('prisoner entries are synthetic only with "synthetic": true', () => {
  assert.equal(isSynthetic('prisoner', { list: 'gov-1000', synthetic: true }), true);
  assert.equal(isSynthetic('prisoner', { list: 'gov-1000' }), false);
  assert.equal(isSynthetic('prisoner', { list: 'gov-1000', synthetic: 'true' }), false);
});

test('incidents by a synthetic source or [synthetic] notes; imported rows are real', () => {
  assert.equal(isSynthetic('incident', { sources: [{ name: 'jirga demo', scale: 'synthetic' }] }), true);
  assert.equal(isSynthetic('incident', { notes: '[synthetic] one of 42 attacks' }), true);
  assert.equal(isSynthetic('incident', { sources: [{ name: 'UNAMA', scale: 'national' }] }), false);
  assert.equal(isSynthetic('incident', { import: { dataset: 'ucdp-ged', id: '1', version: '23.1' } }), false);
});

test('other kinds: free text that starts with [synthetic]', () => {
  assert.equal(isSynthetic('release', { notes: '[synthetic] batch size illustrative' }), true);
  assert.equal(isSynthetic('response', { reason: '[synthetic] denies it' }), true);
  assert.equal(isSynthetic('fulfilment', { claim: '[synthetic] written assurances' }), true);
  assert.equal(isSynthetic('baseline', { description: '[synthetic] two weeks' }), true);
  assert.equal(isSynthetic('commitment', { text: '[synthetic] reduced violence' }), true);
  // Only at the start, and only in those fields.
  assert.equal(isSynthetic('statement', { text: 'A statement about [synthetic] data' }), false);
  assert.equal(isSynthetic('statement', { title: '[synthetic] title' }), false);
  assert.equal(isSynthetic('troops', { source: 'public record' }), false);
  assert.equal(isSynthetic('troops', null), false);
  assert.equal(isSynthetic('troops', ['[synthetic]']), false);
});
