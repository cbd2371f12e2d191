import { Module } from '@nestjs/common';
import { ReviewAnswerService } from './review-answer.service';
import { ReviewPageController } from './review-page.controller';

/** Review and NPS: the landing page of review links, which turns answers into `NPS Submitted` events. */
@Module({
  controllers: [ReviewPageController],
  providers: [ReviewAnswerService],
})
export class ReviewsModule {}
