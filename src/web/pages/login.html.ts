import { escapeHtml, layout, type WebPage } from '../web-page';

/** The login form: paste the workspace's write key; the session it starts is tied to that key. */
export function loginPage(next: string, problem: string | null = null, status = 200): WebPage {
  const error = problem
    ? `<p class="error" id="key-error" role="alert" data-testid="login-error">${escapeHtml(problem)}</p>\n`
    : '';
  const body = `<div class="card narrow">
<h1>Log in to the dashboard</h1>
<p class="muted">Paste your workspace's API key (the write key your shop sends events with). The dashboard keeps a login for 12 hours; revoking the key ends it.</p>
<form method="post" action="/app/login">
<input type="hidden" name="next" value="${escapeHtml(next)}">
<p><label for="key"><strong>API key</strong></label><br>
<input type="password" id="key" name="key" autocomplete="current-password" required class="wide"${problem ? ' aria-invalid="true" aria-describedby="key-error"' : ''}></p>
${error}<button class="primary" type="submit">Log in</button>
</form>
</div>`;
  return { status, html: layout({ title: 'Log in', workspace: null, body }) };
}
