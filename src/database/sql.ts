/** Anything with TypeORM's `query(text, params)`: a DataSource or an EntityManager. */
export interface Queryable {
  query(text: string, params?: unknown[]): Promise<unknown>;
}

/** Runs SQL and returns its rows; TypeORM answers UPDATE and DELETE with [rows, rowCount], the rest with rows. */
export async function rows<T>(db: Queryable, text: string, params: unknown[] = []): Promise<T[]> {
  const result = await db.query(text, params);
  if (/^\s*(UPDATE|DELETE)\b/i.test(text)) return (result as [T[], number])[0];
  return result as T[];
}

/** Serialises everything done for one contact: routing, wake-ups and sends take this lock in their transaction. */
export async function lockContact(db: Queryable, contactId: string): Promise<void> {
  await db.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [contactId]);
}
