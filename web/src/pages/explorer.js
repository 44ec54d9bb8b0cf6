// The Log explorer page: look up a record by index, show it decoded (record JSON, salt, leaf),
// and verify it in this browser against a log key the user controls (lib/verify.js).

import { html, nothing } from '/vendor/lit-html/lit-html.js';
import { api } from '../lib/api.js';
import { base64Decode, hex, utf8Decode } from '../lib/bytes.js';
import { parseDecimal } from '../lib/formats.js';
import { SYNTHETIC_TITLE, isSynthetic } from '../lib/synthetic.js';
import { verifyRecord } from '../lib/verify.js';

// Where the log key the user trusts is remembered (per dashboard origin, by the browser).
export const TRUSTED_VKEY_STORAGE_KEY = 'jirga.trustedLogVkey';

function readStoredVkey() {
  try {
    return localStorage.getItem(TRUSTED_VKEY_STORAGE_KEY);
  } catch {
    return null; // storage disabled: the key lives only as long as the page
  }
}

function storeVkey(value) {
  try {
    if (value === null) localStorage.removeItem(TRUSTED_VKEY_STORAGE_KEY);
    else localStorage.setItem(TRUSTED_VKEY_STORAGE_KEY, value);
  } catch {
    // As above.
  }
}

// The record bytes as pretty JSON when they are JSON, else as text, else as hex.
function describeRecord(bytes) {
  let text;
  try {
    text = utf8Decode(bytes, 'record');
  } catch {
    return { text: hex(bytes), note: 'not UTF-8; shown as hex' };
  }
  try {
    const json = JSON.parse(text);
    return { text: JSON.stringify(json, null, 2), note: null, json };
  } catch {
    return { text, note: 'not JSON; shown as text' };
  }
}

export function createPage(ctx) {
  const stored = readStoredVkey();
  const state = {
    indexText: ctx.params[0] ?? '',
    index: null,
    lookupError: null,
    loading: false,
    entry: null,
    serverVkey: null,
    vkeyText: stored ?? '',
    // 'yours': typed or pasted by the user (remembered); 'server': pre-filled from /v1/log.
    vkeySource: stored !== null ? 'yours' : 'server',
    verifying: false,
    result: null, // {ok, steps, usedVkey, usedSource, proofText, error}
  };
  let disposed = false;
  const rerender = () => {
    if (!disposed) ctx.rerender();
  };

  api.log().then((log) => {
    state.serverVkey = log.vkey;
    if (state.vkeySource === 'server') state.vkeyText = log.vkey;
    rerender();
  }, (e) => {
    state.lookupError = e.message;
    rerender();
  });

  async function lookup(indexText) {
    let index;
    try {
      index = parseDecimal(indexText, 'the index');
    } catch (e) {
      state.lookupError = e.message;
      rerender();
      return;
    }
    Object.assign(state, { index, loading: true, lookupError: null, entry: null, result: null });
    rerender();
    try {
      state.entry = await api.record(index);
    } catch (e) {
      state.lookupError = e.message;
    }
    state.loading = false;
    rerender();
  }

  async function verify() {
    if (state.entry === null || state.verifying) return;
    const usedVkey = state.vkeyText.trim();
    const usedSource = state.vkeySource;
    state.verifying = true;
    state.result = null;
    rerender();
    try {
      const [proofText, parties] = await Promise.all([api.proof(state.index), api.parties()]);
      const r = await verifyRecord({
        vkeyText: usedVkey, index: state.index, entry: state.entry, proofText, parties,
      });
      state.result = { ...r, usedVkey, usedSource, proofText };
    } catch (e) {
      state.result = { ok: false, steps: [], usedVkey, usedSource, error: e.message };
    }
    state.verifying = false;
    rerender();
  }

  const handlers = {
    submit(e) {
      e.preventDefault();
      const text = new FormData(e.target).get('index').trim();
      state.indexText = text;
      // The route holds the index, so a looked-up record can be linked to and reloaded.
      if (ctx.params[0] === text) lookup(text);
      else ctx.navigate(`#/explorer/${encodeURIComponent(text)}`);
    },
    vkeyInput(e) {
      state.vkeyText = e.target.value;
      state.vkeySource = 'yours';
      storeVkey(state.vkeyText);
      rerender();
    },
    useServerVkey() {
      storeVkey(null);
      state.vkeySource = 'server';
      state.vkeyText = state.serverVkey ?? '';
      rerender();
    },
    verify,
  };

  if (state.indexText !== '') lookup(state.indexText);

  return {
    dispose() {
      disposed = true;
    },
    view: () => view(state, handlers),
  };
}

function vkeySourceText(source, used, serverVkey) {
  if (source === 'server') {
    return html`the key the server announces (<code>/v1/log</code>). A dishonest server could
      announce a key of its own: paste the log key you got from the operator out of band.`;
  }
  if (serverVkey === null) return html`the key you entered.`;
  return used === serverVkey
    ? html`the key you entered; it is the key the server announces.`
    : html`the key you entered; <strong>it differs from the key the server announces</strong>.`;
}

function view(s, h) {
  return html`
    <h1>Log explorer</h1>
    <form class="inline" @submit=${h.submit}>
      <label for="index">Record index</label>
      <input type="text" id="index" name="index" inputmode="numeric" autocomplete="off"
             data-testid="index-input" .value=${s.indexText}>
      <button type="submit" data-testid="lookup-button">Look up</button>
    </form>
    ${s.lookupError ? html`<p class="error" data-testid="lookup-error">${s.lookupError}</p>` : nothing}
    ${s.loading ? html`<p class="muted">Loading…</p>` : nothing}
    ${s.entry ? recordView(s, h) : nothing}`;
}

// A record whose content a redaction erased: what is left of it (no record, salt or time).
function redactedView(e) {
  let leaf = null;
  try {
    leaf = base64Decode(e.leaf, 'leaf');
  } catch (err) {
    return html`<p class="error">The server sent a malformed record: ${err.message}</p>`;
  }
  return html`
    <section data-testid="record">
      <h2>Record ${e.index} <span class="muted">(redacted)</span></h2>
      <dl class="facts">
        <dt>Kind</dt><dd data-testid="record-kind">${e.kind}</dd>
        <dt>Party</dt><dd class="mono" data-testid="record-party">${e.party}</dd>
        <dt>Received by the log</dt><dd class="mono" data-testid="record-received">${e.received}</dd>
        <dt>Redacted by</dt><dd data-testid="redacted-by"><a href="#/explorer/${e.redacted.by}">record ${e.redacted.by}</a></dd>
        <dt>Reason</dt><dd data-testid="redacted-reason">${e.redacted.reason}</dd>
        <dt>Leaf</dt><dd class="mono break" data-testid="leaf">${hex(leaf)}</dd>
        <dt>Leaf hash</dt><dd class="mono break" data-testid="leaf-hash">${e.leaf_hash}</dd>
      </dl>
      <p class="muted">Its content and salt were erased; the leaf is unchanged, so its inclusion
        proof still verifies (<code>jirga log prove</code>, <code>jirga proof verify</code>).</p>
    </section>`;
}

function recordView(s, h) {
  const e = s.entry;
  if (e.redacted) return redactedView(e);
  let record = null;
  let salt = null;
  let leaf = null;
  try {
    record = describeRecord(base64Decode(e.record, 'record'));
    salt = base64Decode(e.salt, 'salt');
    leaf = base64Decode(e.leaf, 'leaf');
  } catch (err) {
    return html`<p class="error">The server sent a malformed record: ${err.message}</p>`;
  }
  return html`
    <section data-testid="record">
      <h2>Record ${e.index}</h2>
      ${record.json && isSynthetic(e.kind, record.json.body) ? html`
        <p class="synthetic" data-testid="record-synthetic">${SYNTHETIC_TITLE}.</p>` : nothing}
      <dl class="facts">
        <dt>Kind</dt><dd data-testid="record-kind">${e.kind}</dd>
        <dt>Party</dt><dd class="mono" data-testid="record-party">${e.party}</dd>
        <dt>Party's time (signed)</dt><dd class="mono" data-testid="record-time">${e.time}</dd>
        <dt>Received by the log</dt><dd class="mono" data-testid="record-received">${e.received}</dd>
      </dl>
      <h2>Record ${record.note ? html`<span class="muted">(${record.note})</span>` : nothing}</h2>
      <pre data-testid="record-json">${record.text}</pre>
      <dl class="facts">
        <dt>Salt</dt><dd class="mono break" data-testid="salt">${hex(salt)}</dd>
        <dt>Leaf</dt><dd class="mono break" data-testid="leaf">${leaf.length === 128 ? html`
          <div>key hash ${hex(leaf.subarray(0, 32))}</div>
          <div>signature ${hex(leaf.subarray(32, 96))}</div>
          <div>commitment ${hex(leaf.subarray(96, 128))}</div>` : hex(leaf)}</dd>
        <dt>Leaf hash</dt><dd class="mono break" data-testid="leaf-hash">${e.leaf_hash}</dd>
      </dl>
    </section>
    <section>
      <h2>Verify in this browser</h2>
      <p class="muted">Checks the log's signed checkpoint, the record's commitment, the party's
        signature and the inclusion proof with this browser's own WebCrypto (SHA-256, Ed25519).
        It trusts only the log key below.</p>
      <label for="vkey">Log key (vkey) you trust</label><br>
      <input type="text" id="vkey" class="wide" spellcheck="false" autocomplete="off"
             data-testid="vkey-input" .value=${s.vkeyText} @input=${h.vkeyInput}>
      <button type="button" class="secondary" data-testid="use-server-vkey"
              @click=${h.useServerVkey}>Use the server's key</button>
      <p class="muted">The server announces <span class="mono break" data-testid="server-vkey">${s.serverVkey ?? '…'}</span></p>
      <button type="button" data-testid="verify-button" ?disabled=${s.verifying}
              @click=${h.verify}>Verify in this browser</button>
      ${s.verifying ? html`<span class="muted" data-testid="verifying">Verifying…</span>` : nothing}
      ${s.result ? resultView(s) : nothing}
    </section>`;
}

function resultView(s) {
  const r = s.result;
  const failed = r.steps.filter((x) => !x.ok);
  return html`
    <div data-testid="verify-report">
      <p data-testid="vkey-source" data-source=${r.usedSource}>Checked with
        ${vkeySourceText(r.usedSource, r.usedVkey, s.serverVkey)}</p>
      <ol class="steps">${r.steps.map((x) => html`
        <li data-testid="verify-step-${x.id}" data-status=${x.ok ? 'pass' : 'fail'}>
          <span class="badge">${x.ok ? 'PASS' : 'FAIL'}</span> ${x.title}
          <div class="mono muted break">${x.detail}</div>
        </li>`)}</ol>
      <p class="result" data-testid="verify-result" data-status=${r.ok ? 'pass' : 'fail'}
         data-failed=${failed.map((x) => x.id).join(' ')}>${r.ok
        ? 'PASS: this record is in the log the key vouches for, exactly as its party signed it'
        : r.error
          ? `FAIL: ${r.error}`
          : `FAIL: ${failed.map((x) => x.title).join('; ')}`}</p>
      ${r.proofText ? html`<details><summary>The proof checked (c2sp.org/tlog-proof@v1)</summary>
        <pre data-testid="proof-text">${r.proofText}</pre></details>` : nothing}
    </div>`;
}
