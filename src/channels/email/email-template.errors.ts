// Typed template errors: a stable code for the HTTP error filter, and for senders a permanent (not retryable) failure.
import { DomainError, type ErrorDetail } from '../../common/domain-error';

/** One problem; `path` is `$.subject` or `$.mjml`, `line` is 1-based in that source when the parser knows it. */
export type EmailTemplateProblem = ErrorDetail;

export class EmailTemplateValidationError extends DomainError {
  declare readonly code: 'template_invalid';

  constructor(readonly errors: EmailTemplateProblem[]) {
    const summary = errors.map((e) => `${e.path}${e.line ? ` line ${e.line}` : ''}: ${e.message}`).join('; ');
    super('template_invalid', `Email template is invalid: ${summary}`, 400, errors);
    this.name = 'EmailTemplateValidationError';
  }
}

export class EmailTemplateNotFoundError extends DomainError {
  declare readonly code: 'template_not_found';

  constructor(readonly templateKey: string) {
    super(
      'template_not_found',
      `No email template "${templateKey}": not built in and not defined by the workspace`,
      404,
    );
    this.name = 'EmailTemplateNotFoundError';
  }
}
