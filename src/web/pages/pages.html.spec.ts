import type { JourneyMap, JourneyResults, StageColumn } from '../../insight/insight.types';
import { mapPage } from './map.html';
import { resultsPage } from './results.html';

const journey = {
  key: 'j-1',
  name: '<script>alert(1)</script>',
  status: 'published',
  version: 2,
  customers: 5,
};
const period = { days: 30 as const, from: '2026-10-24T14:00:00.000Z', to: '2026-11-23T14:10:00.000Z' };
const nps = { answers: 0, promoters: 0, passives: 0, detractors: 0, score: null };

function column(stage: string, next: string | null, entered: number, cohortMovedOn: number): StageColumn {
  return {
    stage,
    next,
    touchpoints: [],
    now: entered - cohortMovedOn,
    entered,
    movedOn: cohortMovedOn,
    cohortMovedOn,
    conversion: next === null || entered === 0 ? null : cohortMovedOn / entered,
    medianSecondsToMoveOn: next === null ? null : 5_400,
    exits: next === null ? null : 1,
    nps,
  };
}

describe('dashboard pages', () => {
  it('escapes what customers and journey authors wrote', () => {
    const map: JourneyMap = {
      journey,
      period,
      stalledAfter: 'P30D',
      stages: [column('a"><img src=x>', 'b', 4, 2), column('b', null, 2, 0)],
      biggestLeak: null,
      unstagedTouchpoints: [],
      tookMs: 3,
    };

    const sut = mapPage('Shop <b>', map).html;

    expect(sut).not.toContain('<script>alert(1)');
    expect(sut).not.toContain('<img src=x>');
    expect(sut).not.toContain('Shop <b>');
    expect(sut).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('marks the biggest leak on its column and says it in words, with the median time in hours', () => {
    const stages = [column('a', 'b', 4, 3), column('b', 'c', 3, 1), column('c', null, 1, 0)];
    const map: JourneyMap = {
      journey,
      period,
      stalledAfter: 'P30D',
      stages,
      biggestLeak: {
        stage: 'b',
        next: 'c',
        conversion: 1 / 3,
        entered: 3,
        cohortMovedOn: 1,
        exits: 1,
        reason: 'b → c: only 33 % of the 3 who entered moved on',
      },
      unstagedTouchpoints: [],
      tookMs: 3,
    };

    const sut = mapPage('Shop', map).html;

    expect(sut).toMatch(/class="stage leak" data-testid="stage" data-stage="b" data-leak="true"/);
    expect(sut.match(/data-leak="true"/g)).toHaveLength(1);
    expect(sut).toContain('Biggest leak:</strong> b → c: only 33 %');
    expect(sut).toContain('stalled there for 30 d or longer');
    expect(sut).toContain('>1.5 h<');
  });

  it('shows the holdout comparison with lift and confidence', () => {
    const results: JourneyResults = {
      journey,
      period,
      attributionWindow: 'P5D',
      conversions: 4,
      revenue: 200,
      recipients: 8,
      revenuePerRecipient: 25,
      currency: 'EUR',
      currencies: ['EUR'],
      messages: [],
      holdout: {
        percent: 10,
        treatment: { entrants: 90, converted: 18, rate: 0.2 },
        holdout: { entrants: 10, converted: 1, rate: 0.1 },
        lift: 1,
        difference: 0.1,
        confidence: 0.68,
      },
      tookMs: 2,
    };

    const sut = resultsPage('Shop', results).html;

    expect(sut).toContain('data-testid="lift" data-value="1">100 %<');
    expect(sut).toContain('>10 points<');
    expect(sut).toContain('68 % confidence that the difference is real');
    expect(sut).toMatch(/data-testid="holdout-group">.*data-testid="rate" data-value="0.1">10 %</);
    expect(sut).toContain('€25.00');
  });
});
