export interface RetryWriteOptions {
  /** Tries in all, the first included. */
  attempts?: number;
  baseMs?: number;
  capMs?: number;
  sleep?: (ms: number) => Promise<void>;
  onRetry?: (error: Error, attempt: number, delayMs: number) => void;
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Retries a write whose outcome must not be lost, such as recording a mail that is already out (failing the job
 * instead would send it again). Backoff 250 ms doubling to 30 s: 12 tries ride out about 2.5 minutes of outage.
 */
export async function retryWrite<T>(write: () => Promise<T>, options: RetryWriteOptions = {}): Promise<T> {
  const { attempts = 12, baseMs = 250, capMs = 30_000, sleep = pause, onRetry } = options;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await write();
    } catch (error) {
      if (attempt >= attempts) throw error;
      const delayMs = Math.min(capMs, baseMs * 2 ** (attempt - 1));
      onRetry?.(error as Error, attempt, delayMs);
      await sleep(delayMs);
    }
  }
}
