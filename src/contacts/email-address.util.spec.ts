import { emailHash, normalizeEmail } from './email-address.util';

describe('email-address.util', () => {
  it('normalises case and surrounding space', () => {
    expect(normalizeEmail('  Jane.Doe@Example.COM ')).toBe('jane.doe@example.com');
  });

  it('hashes the normalised address to the hex digest PostgreSQL sha256() gives (the migration backfill)', () => {
    expect(emailHash(' Jane@Example.com')).toBe(
      '8c87b489ce35cf2e2f39f80e282cb2e804932a56a213983eeeb428407d43b52d',
    );
    expect(emailHash('john@example.com')).not.toBe(
      '8c87b489ce35cf2e2f39f80e282cb2e804932a56a213983eeeb428407d43b52d',
    );
  });
});
