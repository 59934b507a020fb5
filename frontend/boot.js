// Starts the web app. A file, not an inline script, so the page runs under a
// Content-Security-Policy without 'unsafe-inline'. scripts/build-spa fills
// in the hashed asset names.
import init from '/assets/{{APP_JS}}';

const first = location.pathname.split('/')[1];
if (first === 'he' || first === 'fr' || first === 'en') {
  document.documentElement.lang = first;
  document.documentElement.dir = first === 'he' ? 'rtl' : 'ltr';
}

// The pages split out of the first load are fetched on their first visit.
// When that fails (typically: a new version was deployed since this tab
// started, and the old parts are gone) the WASM stops on a trap, since
// Leptos' lazy routes have no error path. The page is then loaded afresh,
// which brings the new version; at most once a minute, so that a trap that
// comes back after a reload is left on screen rather than looped on.
const RELOADED_AT = 'ava.reloaded_after_trap_at';
function reloadAfterTrap(error) {
  if (!(error instanceof WebAssembly.RuntimeError)) return;
  const last = Number(sessionStorage.getItem(RELOADED_AT) ?? 0);
  if (Date.now() - last < 60_000) return;
  sessionStorage.setItem(RELOADED_AT, String(Date.now()));
  location.reload();
}
addEventListener('error', (event) => reloadAfterTrap(event.error));
addEventListener('unhandledrejection', (event) => reloadAfterTrap(event.reason));

init({ module_or_path: '/assets/{{APP_WASM}}' });
