const escapes: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** HTML-escapes text for both element content and quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => escapes[c]!);
}

/** The login page: black, monospace, 16px inputs so iOS does not zoom; links the PWA manifest for install. */
export function loginPage(opts: { next: string; error?: string }): string {
  const error = opts.error ? `<p class="error" role="alert">${escapeHtml(opts.error)}</p>` : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<meta name="theme-color" content="#000000">
<meta name="apple-mobile-web-app-capable" content="yes">
<meta name="apple-mobile-web-app-status-bar-style" content="black">
<meta name="apple-mobile-web-app-title" content="dancodes">
<link rel="manifest" href="/manifest.webmanifest">
<link rel="apple-touch-icon" href="/apple-touch-icon-180x180.png">
<link rel="icon" href="/favicon.ico" sizes="48x48">
<title>dancodes · log in</title>
<style>
  html, body { margin: 0; background: #000; color: #ddd; font: 16px/1.4 Consolas, ui-monospace, Menlo, monospace; }
  main { max-width: 22rem; margin: 0 auto; padding: calc(env(safe-area-inset-top) + 18vh) 1.25rem 2rem; }
  h1 { font-size: 1.25rem; font-weight: normal; color: #fff; margin: 0 0 1.5rem; }
  label { display: block; color: #999; margin-bottom: .5rem; }
  input { box-sizing: border-box; width: 100%; font: inherit; font-size: 16px; padding: .75rem; color: #fff;
          background: #111; border: 1px solid #333; border-radius: 6px; }
  input:focus { outline: none; border-color: #777; }
  button { margin-top: 1rem; width: 100%; font: inherit; padding: .75rem; color: #000; background: #ddd;
           border: 0; border-radius: 6px; }
  .error { color: #f88; margin: 0 0 1rem; }
</style>
</head>
<body>
<main>
<h1>dancodes</h1>
${error}
<form method="post" action="/auth/login">
<input type="hidden" name="next" value="${escapeHtml(opts.next)}">
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" autofocus required>
<button type="submit">Log in</button>
</form>
</main>
</body>
</html>`;
}
