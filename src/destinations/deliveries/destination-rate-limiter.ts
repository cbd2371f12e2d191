import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { REDIS } from '../../scheduling/redis.provider';

// Token bucket per destination, in Redis so every worker shares it; Redis time, so worker clocks do not matter.
const TAKE = `
local rate = tonumber(ARGV[1])
local capacity = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1]) or capacity
local at = tonumber(state[2]) or now
tokens = math.min(capacity, tokens + math.max(0, now - at) * rate)
local wait = 0
if tokens >= 1 then tokens = tokens - 1 else wait = math.ceil((1 - tokens) / rate) end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', now)
redis.call('PEXPIRE', KEYS[1], math.ceil(capacity / rate) + 1000)
return wait`;

/** At most `perMinute` calls per minute to one destination, with bursts of up to ten seconds' worth. */
@Injectable()
export class DestinationRateLimiter {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Takes a token: 0 when the call may go now, else the milliseconds until one is free (nothing taken). */
  async take(destinationId: string, perMinute: number): Promise<number> {
    const rate = perMinute / 60_000;
    const capacity = Math.max(1, Math.floor(perMinute / 6));
    const key = `${this.config.QUEUE_PREFIX}:ratelimit:${destinationId}`;
    return Number(await this.redis.eval(TAKE, 1, key, String(rate), String(capacity)));
  }
}
