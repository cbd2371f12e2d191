import { isUnavailable } from './unavailable';

describe('isUnavailable', () => {
  it('knows a refused connection, PostgreSQL shutting down, and lost connections by message', () => {
    expect(
      isUnavailable(
        Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      ),
    ).toBe(true);
    expect(
      isUnavailable(
        Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
      ),
    ).toBe(true);
    expect(isUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isUnavailable(new Error('timeout exceeded when trying to connect'))).toBe(true);
    expect(isUnavailable(new Error('Connection is closed.'))).toBe(true);
  });

  it('looks through wrappers (TypeORM driverError, cause)', () => {
    const driver = Object.assign(new Error('the database system is starting up'), { code: '57P03' });
    expect(isUnavailable(Object.assign(new Error('query failed'), { driverError: driver }))).toBe(true);
    expect(isUnavailable(new Error('wrapped', { cause: driver }))).toBe(true);
  });

  it('leaves other errors alone: a unique violation or a bug is not an outage', () => {
    expect(isUnavailable(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBe(false);
    expect(isUnavailable(new TypeError("Cannot read properties of undefined (reading 'x')"))).toBe(false);
    expect(isUnavailable(null)).toBe(false);
  });
});
