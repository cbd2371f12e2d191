/** SMTP 5xx replies (bad mailbox, rejected content) do not get better by retrying; 4xx and network errors may. */
export function isPermanentSmtpError(error: unknown): boolean {
  const code = (error as { responseCode?: number } | null)?.responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}
