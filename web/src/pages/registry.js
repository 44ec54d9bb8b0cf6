// The dashboard's pages, in navigation order: the one place a later issue touches to add a page
// (besides the page's own file in this folder). docs/dashboard.md §4 says how.
//
// An entry is {id, title, load}: `id` is the first path segment of the hash route (#/<id>/...),
// `title` the navigation label, and `load` imports the page module lazily, so a page costs
// nothing until it is opened. A page module exports
//
//   createPage(ctx) → { view(): TemplateResult, dispose?(): void }
//
// where ctx = { params, rerender, navigate }: `params` are the route's further segments
// (#/explorer/7 → ['7']), `rerender()` redraws the page after its state changed, and
// `navigate(hash)` goes to another route. The shell disposes the page when the route changes
// (stop timers there) and creates a fresh one for the new route.

export const PAGES = [
  { id: 'overview', title: 'Overview', load: () => import('./overview.js') },
  { id: 'explorer', title: 'Log explorer', load: () => import('./explorer.js') },
  { id: 'monitor', title: 'Monitor', load: () => import('./monitor.js') },
  { id: 'exchange', title: 'Exchange', load: () => import('./exchange.js') },
  { id: 'compliance', title: 'Compliance', load: () => import('./compliance.js') },
  { id: 'dialogue', title: 'Dialogue', load: () => import('./dialogue.js') },
];

export const DEFAULT_PAGE = 'overview';
