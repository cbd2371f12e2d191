// Server-rendered preference, unsubscribe and confirmation pages. No JavaScript: the form is a plain POST of two
// radio groups (each a fieldset with a legend), focus is always visible, and every colour pair passes WCAG AA.
import type { EmailLocale } from '../channels/email/email-template.types';
import { PREFERENCE_PAGE_TEXTS } from './preference-page.texts';
import { escapeHtml, htmlDocument } from '../http/token-page';

export type Choice = 'granted' | 'withdrawn';

const STYLE = `*{box-sizing:border-box}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f3f4f6;color:#111827;line-height:1.5}
main{max-width:40rem;margin:0 auto;padding:1.5rem 1rem 3rem}
.brand{font-weight:700;text-align:center;margin:0 0 1rem;color:#374151}
.card{background:#fff;border-radius:.75rem;padding:1.5rem;box-shadow:0 1px 3px rgba(0,0,0,.12)}
h1{font-size:1.5rem;line-height:1.25;margin:0 0 .75rem}
p{margin:0 0 1rem}
.muted{color:#4b5563}
.status{border-left:4px solid #047857;padding:.5rem .75rem;background:#ecfdf5;color:#065f46;font-weight:600}
fieldset{border:0;margin:1.5rem 0 0;padding:0;min-width:0}
legend{font-size:1.125rem;font-weight:600;padding:0;margin-bottom:.5rem}
.option{display:flex;gap:.625rem;align-items:flex-start;margin:.5rem 0}
.option input{width:1.25rem;height:1.25rem;margin:.15rem 0 0;flex:none;accent-color:#111827}
input:focus-visible,button:focus-visible,a:focus-visible{outline:3px solid #1d4ed8;outline-offset:2px}
button{display:inline-block;margin-top:1.5rem;min-height:2.75rem;padding:.625rem 1.25rem;border:0;border-radius:.5rem;background:#111827;color:#fff;font:inherit;font-weight:600;cursor:pointer}
@media (max-width:30rem){button{width:100%}}
.summary{border:2px solid #b91c1c;border-radius:.5rem;padding:.75rem 1rem;margin-bottom:1rem}
.summary h2{font-size:1rem;margin:0 0 .25rem;color:#b91c1c}
.summary ul{margin:0;padding-left:1.25rem}`;

const page = (locale: EmailLocale, workspace: string, title: string, body: string) =>
  htmlDocument(locale, workspace, title, body, STYLE);

function radioGroup(
  name: string,
  legend: string,
  hint: string | null,
  options: [Choice, string][],
  selected: Choice | null,
): string {
  const hintId = `${name}-hint`;
  const radios = options
    .map(([value, label]) => {
      const id = `${name}-${value}`;
      const checked = selected === value ? ' checked' : '';
      return `<div class="option"><input type="radio" id="${id}" name="${name}" value="${value}"${checked} required><label for="${id}">${escapeHtml(label)}</label></div>`;
    })
    .join('\n');
  return `<fieldset${hint ? ` aria-describedby="${hintId}"` : ''}>
<legend>${escapeHtml(legend)}</legend>
${hint ? `<p class="muted" id="${hintId}">${escapeHtml(hint)}</p>\n` : ''}${radios}
</fieldset>`;
}

export interface PreferencePageInput {
  locale: EmailLocale;
  workspace: string;
  emailMarketing: Choice;
  ads: Choice;
  /** Where the form posts (relative to the page's URL); absent posts back to the page's own URL. */
  action?: string;
  saved: boolean;
  /** Form fields that were missing or invalid in a rejected post. */
  problems: ('email_marketing' | 'ads')[];
}

/** The page after an unsubscribe or a saved choice: where things stand, and the form to choose again. */
export function preferencePage(input: PreferencePageInput): string {
  const t = PREFERENCE_PAGE_TEXTS[input.locale];
  const subscribed = input.emailMarketing === 'granted';
  const title = subscribed ? t.subscribedTitle : t.unsubscribedTitle;
  const text = subscribed ? t.subscribedText(input.workspace) : t.unsubscribedText(input.workspace);
  const errors = input.problems.map((field) => t.chooseOne(field === 'ads' ? t.adsLegend : t.emailLegend));
  const summary =
    errors.length > 0
      ? `<div class="summary" role="alert"><h2>${escapeHtml(t.errorTitle)}</h2><ul>${errors.map((e) => `<li>${escapeHtml(e)}</li>`).join('')}</ul></div>\n`
      : '';
  const saved = input.saved ? `<p class="status" role="status">${escapeHtml(t.saved)}</p>\n` : '';
  const action = input.action ? ` action="${escapeHtml(input.action)}"` : '';
  const body = `${summary}${saved}<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(text)}</p>
<p class="muted">${escapeHtml(t.formIntro)}</p>
<form method="post"${action}>
${radioGroup(
  'email_marketing',
  t.emailLegend,
  null,
  [
    ['granted', t.emailYes],
    ['withdrawn', t.emailNo],
  ],
  input.emailMarketing,
)}
${radioGroup(
  'ads',
  t.adsLegend,
  t.adsHint,
  [
    ['granted', t.adsYes],
    ['withdrawn', t.adsNo],
  ],
  input.ads,
)}
<button type="submit">${escapeHtml(t.submit)}</button>
</form>`;
  return page(input.locale, input.workspace, errors.length > 0 ? `${t.errorTitle}: ${title}` : title, body);
}

/** The double opt-in landing page. */
export function confirmedPage(locale: EmailLocale, workspace: string, already: boolean): string {
  const t = PREFERENCE_PAGE_TEXTS[locale];
  const note = already ? `<p class="muted">${escapeHtml(t.alreadyConfirmed)}</p>\n` : '';
  const body = `<h1>${escapeHtml(t.confirmed.title)}</h1>\n${note}<p>${escapeHtml(t.confirmed.text(workspace))}</p>`;
  return page(locale, workspace, t.confirmed.title, body);
}

/** A title and a sentence, nothing to choose. */
export function messagePage(locale: EmailLocale, workspace: string, title: string, text: string): string {
  return page(locale, workspace, title, `<h1>${escapeHtml(title)}</h1>\n<p>${escapeHtml(text)}</p>`);
}

/** A link that cannot be used: forged, changed, expired, or its contact erased. */
export function linkProblemPage(locale: EmailLocale, problem: 'invalid' | 'expired'): string {
  const { title, text } = PREFERENCE_PAGE_TEXTS[locale][problem];
  return messagePage(locale, '', title, text);
}
