// The header's sign-in control: paste a jirga private key or choose a key file, sign in (the key
// signs a one-time challenge in the page; only the public key and the signature are sent,
// lib/signin.js), then "signed in as <party>" and "Sign out". Renders itself into a container.

import { html, nothing, render } from '/vendor/lit-html/lit-html.js';
import {
  currentSession, onSessionChange, readKeyFile, sessionEndReason, signIn, signOut,
} from './lib/signin.js';

export function mountSignIn(container) {
  const state = { open: false, busy: false, error: null };

  function draw() {
    render(view(), container);
  }

  async function attempt(keyText) {
    state.busy = true;
    state.error = null;
    draw();
    try {
      await signIn(keyText);
      state.open = false;
    } catch (e) {
      state.error = e.message;
    }
    state.busy = false;
    draw();
  }

  function onSubmit(e) {
    e.preventDefault();
    const area = e.target.elements.key;
    const text = area.value;
    // Not left in the page once used (the browser may still keep its own copies).
    area.value = '';
    attempt(text);
  }

  async function onFile(e) {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    let text;
    try {
      text = await readKeyFile(file);
    } catch (err) {
      state.error = err.message;
      draw();
      return;
    }
    attempt(text);
  }

  function view() {
    const s = currentSession();
    if (s) {
      return html`<span class="signin" data-testid="signin-state">signed in as
        <strong data-testid="signin-party">${s.party}</strong>
        <span class="muted">(key ${s.keyName})</span>
        <button type="button" data-testid="signout" @click=${() => signOut()}>Sign out</button></span>`;
    }
    if (!state.open) {
      const reason = sessionEndReason();
      return html`${reason ? html`<span class="signin error" data-testid="signin-ended">${reason}</span>` : nothing}
        <button type="button" class="signin" data-testid="signin-open"
        @click=${() => { state.open = true; state.error = null; draw(); }}>Sign in</button>`;
    }
    return html`<form class="signin-panel" data-testid="signin-form" @submit=${onSubmit}>
      <label>Party key (<code>PRIVATE+KEY+…</code>)
        <textarea name="key" data-testid="signin-key" rows="2" autocomplete="off"
          spellcheck="false" ?disabled=${state.busy}></textarea></label>
      <label>or a key file <input type="file" data-testid="signin-file" @change=${onFile}
        ?disabled=${state.busy}></label>
      <p class="muted" data-testid="signin-note">Your key stays in this page: it signs a one-time
        challenge from the server, and only the signature and your public key are sent. The key is
        not stored; the token (valid 15 minutes) is kept for this tab only.</p>
      <button type="submit" data-testid="signin-submit" ?disabled=${state.busy}>Sign in</button>
      <button type="button" data-testid="signin-cancel"
        @click=${() => { state.open = false; state.error = null; draw(); }}>Cancel</button>
      ${state.busy ? html`<span class="muted">Signing in…</span>` : nothing}
      ${state.error ? html`<p class="error" data-testid="signin-error">${state.error}</p>` : nothing}
    </form>`;
  }

  onSessionChange(draw);
  draw();
}
