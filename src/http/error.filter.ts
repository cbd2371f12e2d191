import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DomainError } from '../common/domain-error';
import { isUnavailable, RETRY_AFTER_SECONDS } from './unavailable';

interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

/** Fastify's own parse errors, mapped to stable codes. */
const FASTIFY_CODES: Record<string, { code: string; status: number; message: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: {
    code: 'payload_too_large',
    status: 413,
    message: 'the request body is too large',
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    code: 'unsupported_media_type',
    status: 415,
    message: 'send application/json',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'invalid_json', status: 400, message: 'the body is empty' },
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'invalid_json', status: 400, message: 'the body is not valid JSON' },
};

/** The one place that turns errors into HTTP answers: a stable code and a message, never a stack. */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(ErrorFilter.name);

  catch(error: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const [status, body] = this.toBody(error);
    if (status === 503) {
      this.logger.warn(`answered 503: ${error instanceof Error ? error.message : String(error)}`);
      void reply.header('retry-after', String(RETRY_AFTER_SECONDS));
    } else if (status >= 500) {
      this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    }
    void reply.status(status).header('content-type', 'application/json; charset=utf-8').send(body);
  }

  private toBody(error: unknown): [number, ErrorBody] {
    if (error instanceof DomainError) {
      const details = error.details.length > 0 ? error.details : undefined;
      return [error.status, { error: { code: error.code, message: error.message, details } }];
    }
    const validation = error as { code?: unknown; errors?: unknown; message?: string } | null;
    if (typeof validation?.code === 'string' && Array.isArray(validation.errors)) {
      // Journey and template validation errors: every problem with its JSON path (and line, for templates).
      return [
        400,
        {
          error: {
            code: validation.code,
            message: validation.message ?? 'invalid',
            details: validation.errors,
          },
        },
      ];
    }
    // Nest wraps Fastify's parse errors in an HttpException with the original as its cause.
    const cause = error instanceof HttpException ? (error.cause ?? error) : error;
    if (cause instanceof SyntaxError)
      return [400, { error: { code: 'invalid_json', message: 'the body is not valid JSON' } }];
    const fastifyCode = (cause as { code?: string } | null)?.code;
    const mapped = fastifyCode ? FASTIFY_CODES[fastifyCode] : undefined;
    if (mapped) return [mapped.status, { error: { code: mapped.code, message: mapped.message } }];
    if (error instanceof HttpException) {
      const status = error.getStatus();
      const code = status === 404 ? 'not_found' : status === 413 ? 'payload_too_large' : 'http_error';
      return [status, { error: { code, message: error.message } }];
    }
    if (isUnavailable(error)) {
      return [
        503,
        {
          error: {
            code: 'service_unavailable',
            message:
              'the database or queue is unreachable right now; retry later (the same messageId makes a retry safe)',
          },
        },
      ];
    }
    return [
      500,
      { error: { code: 'internal_error', message: 'something went wrong on our side; it has been logged' } },
    ];
  }
}
