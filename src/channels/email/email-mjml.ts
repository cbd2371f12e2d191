import mjml2html from 'mjml';

/** One MJML problem, with the line of the MJML source it was found on when MJML reports it. */
export interface MjmlProblem {
  line?: number;
  message: string;
}

export class MjmlCompileError extends Error {
  constructor(readonly problems: MjmlProblem[]) {
    super(problems.map((p) => p.message).join('; '));
    this.name = 'MjmlCompileError';
  }
}

function problemsOf(error: unknown): MjmlProblem[] {
  const reported = (error as { errors?: unknown }).errors;
  if (Array.isArray(reported) && reported.length > 0) {
    return reported.map((e: { line?: unknown; message?: unknown }) => ({
      line: typeof e.line === 'number' ? e.line : undefined,
      message: String(e.message),
    }));
  }
  return [{ message: error instanceof Error ? error.message : String(error) }];
}

/** MJML to HTML. `strict` rejects any validation problem; `soft` renders what it can. */
export async function compileMjml(source: string, validationLevel: 'strict' | 'soft'): Promise<string> {
  try {
    const result = await mjml2html(source, {
      validationLevel,
      keepComments: false,
      // No web fonts: loading Google Fonts leaks recipients' IP addresses (a GDPR issue in the EU).
      fonts: {},
      // Sources are edited by shop owners: never read files from this server.
      ignoreIncludes: true,
    });
    return result.html;
  } catch (error) {
    throw new MjmlCompileError(problemsOf(error));
  }
}
