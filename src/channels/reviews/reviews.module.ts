import { Module } from '@nestjs/common';
import { MarketingHoldService } from './marketing-hold.service';
import { ReviewAnswerService } from './review-answer.service';
import { ReviewPageController } from './review-page.controller';

/**
 * Review and NPS: the landing page of review links, which turns answers into `NPS Submitted` events, and the
 * marketing holds a journey puts on a customer (after a detractor answer).
 */
@Module({
  controllers: [ReviewPageController],
  providers: [ReviewAnswerService, MarketingHoldService],
  exports: [MarketingHoldService],
})
export class ReviewsModule {}
