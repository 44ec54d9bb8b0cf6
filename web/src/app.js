// The dashboard shell: hash routing over the page registry (pages/registry.js), the navigation
// bar, the header's log origin and its sign-in control. Pages render themselves with lit-html
// into <main>.

import { html, render } from '/vendor/lit-html/lit-html.js';
import { api } from './lib/api.js';
import { DEFAULT_PAGE, PAGES } from './pages/registry.js';
import { mountSignIn } from './signin-control.js';

const main = document.getElementById('main');
const nav = document.getElementById('nav');
// lit-html renders after whatever a container already holds: drop the static "Loading…".
main.replaceChildren();
nav.replaceChildren();

// "#/explorer/7" → {id: 'explorer', params: ['7']}. Segments are percent-decoded.
function parseRoute(hash) {
  const parts = hash.replace(/^#\/?/, '').split('/').filter((s) => s !== '');
  let decoded;
  try {
    decoded = parts.map(decodeURIComponent);
  } catch {
    decoded = [];
  }
  return { id: decoded[0] ?? DEFAULT_PAGE, params: decoded.slice(1) };
}

let current = null; // {token, page}

function renderNav(activeId) {
  render(html`${PAGES.map((p) => html`<a href="#/${p.id}" data-testid="nav-${p.id}"
      aria-current=${p.id === activeId ? 'page' : 'false'}>${p.title}</a>`)}`, nav);
}

async function route() {
  const { id, params } = parseRoute(location.hash);
  const entry = PAGES.find((p) => p.id === id);
  if (!entry) {
    location.replace(`#/${DEFAULT_PAGE}`);
    return;
  }
  current?.page?.dispose?.();
  const token = {};
  current = { token, page: null };
  renderNav(id);
  document.title = `${entry.title} · jirga`;
  let module;
  try {
    module = await entry.load();
  } catch (e) {
    render(html`<p class="error">Cannot load the page: ${e.message}</p>`, main);
    return;
  }
  if (current.token !== token) return; // the route changed while the module loaded
  const ctx = {
    params,
    // A page may ask for a redraw while it is being created; the shell draws it right after.
    rerender: () => {
      if (current.token === token && current.page) render(current.page.view(), main);
    },
    navigate: (hash) => {
      location.hash = hash;
    },
  };
  current.page = module.createPage(ctx);
  ctx.rerender();
}

window.addEventListener('hashchange', route);
mountSignIn(document.getElementById('signin'));
route();

// The header names the log being looked at; a failure here is shown by the pages themselves.
api.log().then((log) => {
  document.getElementById('origin').textContent = log.origin;
}, () => {});
