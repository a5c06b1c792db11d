// HTML pages (Bahasa Indonesia) for the Alur development IdP.

export function esc(value) {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const STYLE = `
  *{box-sizing:border-box}
  body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;background:#f3f5f7;color:#1b1f24}
  main{max-width:24rem;margin:3rem auto;padding:2rem;background:#fff;border-radius:.5rem;box-shadow:0 1px 3px rgba(0,0,0,.15)}
  h1{font-size:1.5rem;margin:0 0 .25rem}
  p.sub{margin:0 0 1.5rem;color:#4a5260}
  label{display:block;font-weight:600;margin:1rem 0 .25rem}
  input{width:100%;padding:.6rem .7rem;font-size:1rem;border:1px solid #8a93a0;border-radius:.35rem}
  input:focus{outline:3px solid #1d6fd8;outline-offset:1px}
  button{margin-top:1.5rem;width:100%;padding:.7rem;font-size:1rem;font-weight:600;color:#fff;background:#1356a8;border:0;border-radius:.35rem;cursor:pointer}
  button:hover,button:focus{background:#0d3f7d}
  .error{padding:.75rem;border:1px solid #b3261e;background:#fdecea;color:#7a1710;border-radius:.35rem;margin-bottom:1rem}
  .note{font-size:.85rem;color:#4a5260;margin-top:1.5rem}
  pre{white-space:pre-wrap;word-break:break-word}
`;

function layout(title, body, { script } = {}) {
  return `<!DOCTYPE html>
<html lang="id">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${esc(title)}</title>
<style>${STYLE}</style>
${script ? `<script>${script}</script>` : ''}
</head>
<body>
<main>
${body}
</main>
</body>
</html>`;
}

/**
 * Login form. `action` is the POST target; `error` (optional) is shown in an
 * alert region and associated with the inputs via aria-describedby.
 */
export function loginPage({ tenant, action, login = '', error }) {
  const errId = 'login-error';
  const described = error ? ` aria-describedby="${errId}" aria-invalid="true"` : '';
  const body = `
<h1>Masuk</h1>
<p class="sub">Alur &mdash; penyedia identitas pengembangan untuk tenant <strong>${esc(tenant.slug)}</strong></p>
${error ? `<div class="error" id="${errId}" role="alert">${esc(error)}</div>` : ''}
<form method="post" action="${esc(action)}" autocomplete="on" novalidate>
  <label for="login">NIP atau email</label>
  <input id="login" name="login" type="text" inputmode="text" autocomplete="username"
         autocapitalize="off" spellcheck="false" required value="${esc(login)}"${described}${error ? '' : ' autofocus'}>
  <label for="password">Kata sandi</label>
  <input id="password" name="password" type="password" autocomplete="current-password" required${described}${error ? ' autofocus' : ''}>
  <button type="submit">Masuk</button>
</form>
<p class="note">Lingkungan pengembangan: semua pengguna memakai kata sandi demo yang sama.</p>`;
  return layout('Masuk — Alur', body);
}

/** Generic error page. */
export function errorPage({ title = 'Terjadi kesalahan', error, description }) {
  const body = `
<h1>${esc(title)}</h1>
<div class="error" role="alert">
  <p><strong>${esc(error)}</strong></p>
  ${description ? `<p>${esc(description)}</p>` : ''}
</div>
<p class="note">Silakan kembali ke aplikasi dan coba masuk lagi.</p>`;
  return layout(`${title} — Alur`, body);
}

/**
 * RP-initiated logout page. `form` is the oidc-provider generated form
 * (id="op.logoutForm", hidden xsrf input). We add logout=yes and submit it
 * automatically so no confirmation click is needed in a browser.
 */
export function logoutPage({ form }) {
  const autoForm = form.replace(
    '</form>',
    '<input type="hidden" name="logout" value="yes"/><noscript><button type="submit">Keluar</button></noscript></form>',
  );
  const body = `
<h1>Keluar</h1>
<p class="sub">Sedang mengeluarkan Anda dari Alur&hellip;</p>
${autoForm}`;
  return layout('Keluar — Alur', body, {
    script: "document.addEventListener('DOMContentLoaded',function(){document.getElementById('op.logoutForm').submit()});",
  });
}

export function postLogoutPage() {
  return layout('Berhasil keluar — Alur', `
<h1>Berhasil keluar</h1>
<p class="sub">Anda telah keluar dari Alur.</p>`);
}
