// Starts the web app. A file, not an inline script, so the page runs under a
// Content-Security-Policy without 'unsafe-inline'. scripts/build-spa fills
// in the hashed asset names.
import init from '/assets/{{APP_JS}}';

const first = location.pathname.split('/')[1];
if (first === 'he' || first === 'fr' || first === 'en') {
  document.documentElement.lang = first;
  document.documentElement.dir = first === 'he' ? 'rtl' : 'ltr';
}
init({ module_or_path: '/assets/{{APP_WASM}}' });
