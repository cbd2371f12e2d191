import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { withTimeout } from '../common/with-timeout';
import { REDIS } from '../scheduling/redis.provider';

const CHECK_TIMEOUT_MS = 2_000;

/** 200 when the API, PostgreSQL and Redis are all ready; 503 naming the part that is not. */
@Controller('health')
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  @Get()
  async health(@Res() reply: FastifyReply): Promise<void> {
    const check = async (probe: () => Promise<unknown>) => {
      try {
        await withTimeout(probe(), CHECK_TIMEOUT_MS);
        return 'ok';
      } catch (error) {
        return `down: ${(error as Error).message}`;
      }
    };
    const [postgres, redis] = await Promise.all([
      check(() => this.dataSource.query('SELECT 1')),
      check(() => this.redis.ping()),
    ]);
    const failing = Object.entries({ postgres, redis })
      .filter(([, state]) => state !== 'ok')
      .map(([part]) => part);
    await reply
      .status(failing.length === 0 ? 200 : 503)
      .send({ status: failing.length === 0 ? 'ok' : 'unavailable', api: 'ok', postgres, redis, failing });
  }
}
