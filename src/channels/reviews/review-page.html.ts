// Server-rendered pages of the review link: the NPS form, the thank-you and the error pages. No JavaScript: the
// form is a plain POST, the score scale is a radio group styled as buttons, and every colour pair passes WCAG AA.
import type { EmailLocale } from '../email/email-template.types';
import { MAX_COMMENT_CHARS, type AnswerProblem, type NpsCategory } from './nps-score.util';
import { REVIEW_PAGE_TEXTS } from './review-page.texts';
import { escapeHtml, htmlDocument } from '../../http/token-page';

const STYLE = `*{box-sizing:border-box}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f3f4f6;color:#111827;line-height:1.5}
main{max-width:40rem;margin:0 auto;padding:1.5rem 1rem 3rem}
.brand{font-weight:700;text-align:center;margin:0 0 1rem;color:#374151}
.card{background:#fff;border-radius:.75rem;padding:1.5rem;box-shadow:0 1px 3px rgba(0,0,0,.12)}
h1{font-size:1.5rem;line-height:1.25;margin:0 0 .75rem}
p{margin:0 0 1rem}
.muted{color:#4b5563}
fieldset{border:0;margin:1.5rem 0 0;padding:0;min-width:0}
legend{font-size:1.125rem;font-weight:600;padding:0;margin-bottom:.25rem}
.scale{display:grid;grid-template-columns:repeat(11,minmax(0,1fr));gap:.375rem;margin-top:.5rem}
@media (max-width:30rem){.scale{grid-template-columns:repeat(6,minmax(0,1fr))}}
.score{position:relative}
.score input{position:absolute;inset:0;width:100%;height:100%;margin:0;opacity:0;cursor:pointer}
.score label{display:flex;align-items:center;justify-content:center;min-height:2.75rem;border:2px solid #6b7280;border-radius:.5rem;background:#fff;font-weight:600;cursor:pointer}
.score input:hover+label{border-color:#111827}
.score input:checked+label{background:#111827;border-color:#111827;color:#fff}
.score input:focus-visible+label,textarea:focus-visible,button:focus-visible,a:focus-visible{outline:3px solid #1d4ed8;outline-offset:2px}
.field{margin-top:1.5rem}
.field label{display:block;font-weight:600;margin-bottom:.25rem}
textarea{display:block;width:100%;min-height:7rem;padding:.5rem .75rem;border:2px solid #6b7280;border-radius:.5rem;font:inherit;color:inherit;background:#fff}
button,.button{display:inline-block;margin-top:1.5rem;min-height:2.75rem;padding:.625rem 1.25rem;border:0;border-radius:.5rem;background:#111827;color:#fff;font:inherit;font-weight:600;text-decoration:none;cursor:pointer}
@media (max-width:30rem){button,.button{width:100%;text-align:center}}
.error{color:#b91c1c;font-weight:600;margin:.5rem 0 0}
.summary{border:2px solid #b91c1c;border-radius:.5rem;padding:.75rem 1rem;margin-bottom:1rem}
.summary h2{font-size:1rem;margin:0 0 .25rem;color:#b91c1c}
.summary ul{margin:0;padding-left:1.25rem}
a{color:#1d4ed8}`;

const page = (locale: EmailLocale, workspace: string, title: string, body: string) =>
  htmlDocument(locale, workspace, title, body, STYLE);

export interface FormPageInput {
  locale: EmailLocale;
  workspace: string;
  orderId: string | null;
  /** The score to pre-select (from `?score=` or the rejected post). */
  selected: number | null;
  comment: string;
  problems: AnswerProblem[];
}

/** The NPS question: a fieldset of 0-10 radios with a legend, the scale's meaning, and an optional comment. */
export function formPage(input: FormPageInput): string {
  const t = REVIEW_PAGE_TEXTS[input.locale];
  const scoreError = input.problems.includes('score_missing') ? t.scoreMissing : null;
  const commentError = input.problems.includes('comment_too_long')
    ? t.commentTooLong([...input.comment].length)
    : null;
  const errors = [scoreError, commentError].filter((e): e is string => e !== null);
  const invalid = scoreError ? ' aria-invalid="true"' : '';
  const radios = Array.from({ length: 11 }, (_, score) => {
    const checked = input.selected === score ? ' checked' : '';
    const required = score === 0 ? ' required' : '';
    return `<div class="score"><input type="radio" name="score" id="score-${score}" value="${score}"${checked}${required}${invalid}><label for="score-${score}">${score}</label></div>`;
  }).join('\n');
  const summary =
    errors.length > 0
      ? `<div class="summary" role="alert"><h2>${escapeHtml(t.errorTitle)}</h2><ul>${errors.map((e) => `<li>${escapeHtml(e)}</li>`).join('')}</ul></div>\n`
      : '';
  const body = `${summary}<h1>${escapeHtml(t.title)}</h1>
<p class="muted">${escapeHtml(t.intro(input.workspace))}</p>
${input.orderId ? `<p>${escapeHtml(t.order(input.orderId))}</p>\n` : ''}<form method="post">
<fieldset aria-describedby="score-scale${scoreError ? ' score-error' : ''}">
<legend>${escapeHtml(t.question)}</legend>
<p class="muted" id="score-scale">${escapeHtml(t.scale)}</p>
<div class="scale">
${radios}
</div>
${scoreError ? `<p class="error" id="score-error">${escapeHtml(scoreError)}</p>\n` : ''}</fieldset>
<div class="field">
<label for="comment">${escapeHtml(t.commentLabel)}</label>
<p class="muted" id="comment-hint">${escapeHtml(t.commentHint)}</p>
<textarea id="comment" name="comment" rows="5" maxlength="${MAX_COMMENT_CHARS}" aria-describedby="comment-hint${commentError ? ' comment-error' : ''}"${commentError ? ' aria-invalid="true"' : ''}>${escapeHtml(input.comment)}</textarea>
${commentError ? `<p class="error" id="comment-error">${escapeHtml(commentError)}</p>\n` : ''}</div>
<button type="submit">${escapeHtml(t.submit)}</button>
</form>`;
  return page(
    input.locale,
    input.workspace,
    errors.length > 0 ? `${t.errorTitle}: ${t.title}` : t.title,
    body,
  );
}

export interface ThanksPageInput {
  locale: EmailLocale;
  workspace: string;
  category: NpsCategory;
  /** Shown to promoters only. */
  publicReviewUrl: string | null;
  /** The answer was recorded before: this visit changed nothing. */
  alreadyAnswered: boolean;
}

/** The thank-you, in words for the answer's category; promoters get the public review link when there is one. */
export function thanksPage(input: ThanksPageInput): string {
  const t = REVIEW_PAGE_TEXTS[input.locale];
  const { title, text } = t.thanks[input.category];
  const ask =
    input.category === 'promoter' && input.publicReviewUrl
      ? `<p>${escapeHtml(t.publicReview)}</p>
<a class="button" href="${escapeHtml(input.publicReviewUrl)}" rel="noopener noreferrer">${escapeHtml(t.publicReviewLink)}</a>`
      : '';
  const already = input.alreadyAnswered ? `<p class="muted">${escapeHtml(t.alreadyAnswered)}</p>\n` : '';
  return page(
    input.locale,
    input.workspace,
    title,
    `<h1>${escapeHtml(title)}</h1>\n${already}<p>${escapeHtml(text)}</p>\n${ask}`,
  );
}

/** A page for a link that cannot be used: forged, changed or expired (the workspace is unknown then: ''). */
export function linkProblemPage(
  locale: EmailLocale,
  workspace: string,
  problem: 'invalid' | 'expired',
): string {
  const { title, text } = REVIEW_PAGE_TEXTS[locale][problem];
  return page(locale, workspace, title, `<h1>${escapeHtml(title)}</h1>\n<p>${escapeHtml(text)}</p>`);
}
