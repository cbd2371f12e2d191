import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../../common/clock';

/** Carries out `hold` effects. */
@Injectable()
export class MarketingHoldService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /**
   * The hold is in force from the moment its effect was committed (the send checks read the effect itself), so
   * there is nothing to send: the job only marks it done, and the reconciler stops looking at it.
   */
  async apply(effectId: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE effects SET status = 'done', done_at = $2 WHERE id = $1 AND kind = 'hold' AND status = 'pending'`,
      [effectId, this.clock.now()],
    );
  }
}
