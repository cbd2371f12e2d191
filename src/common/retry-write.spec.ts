import { retryWrite } from './retry-write';

describe(retryWrite.name, () => {
  const recorder = () => {
    const delays: number[] = [];
    return { delays, sleep: async (ms: number) => void delays.push(ms) };
  };

  it('returns the first success without waiting', async () => {
    const { delays, sleep } = recorder();
    const sut = retryWrite(async () => 'recorded', { sleep });
    await expect(sut).resolves.toBe('recorded');
    expect(delays).toEqual([]);
  });

  it('retries through failures with doubling, capped delays and returns the eventual success', async () => {
    const { delays, sleep } = recorder();
    let calls = 0;
    const write = async () => {
      calls += 1;
      if (calls < 5) throw new Error(`connection refused ${calls}`);
      return calls;
    };
    const retried: string[] = [];
    const sut = retryWrite(write, {
      sleep,
      baseMs: 100,
      capMs: 500,
      onRetry: (error, attempt) => retried.push(`${attempt}: ${error.message}`),
    });
    await expect(sut).resolves.toBe(5);
    expect(delays).toEqual([100, 200, 400, 500]);
    expect(retried).toEqual([
      '1: connection refused 1',
      '2: connection refused 2',
      '3: connection refused 3',
      '4: connection refused 4',
    ]);
  });

  it('gives up after the last attempt with its error', async () => {
    const { delays, sleep } = recorder();
    let calls = 0;
    const sut = retryWrite(
      async () => {
        calls += 1;
        throw new Error(`down ${calls}`);
      },
      { sleep, attempts: 3 },
    );
    await expect(sut).rejects.toThrow('down 3');
    expect(calls).toBe(3);
    expect(delays).toEqual([250, 500]);
  });

  it('rides out about two and a half minutes by default', async () => {
    const { delays, sleep } = recorder();
    await expect(
      retryWrite(
        async () => {
          throw new Error('down');
        },
        { sleep },
      ),
    ).rejects.toThrow('down');
    expect(delays).toHaveLength(11);
    expect(delays.reduce((sum, ms) => sum + ms, 0)).toBe(151_750);
  });
});
