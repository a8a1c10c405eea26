import { describe, expect, it } from 'vitest';
import { sanitizeSql } from './sanitize-sql.js';
import { summarizeSql } from './summarize-sql.js';

const summary = (sql: string) => summarizeSql(sanitizeSql(sql));

describe('summarizeSql', () => {
  it('names the operation and table of simple statements', () => {
    expect(summary('SELECT id FROM users WHERE id = $1')).toEqual({ operation: 'SELECT', collection: 'users' });
    expect(summary('insert into orders (id) values ($1)')).toEqual({ operation: 'INSERT', collection: 'orders' });
    expect(summary('UPDATE ONLY accounts SET x = 1')).toEqual({ operation: 'UPDATE', collection: 'accounts' });
    expect(summary('DELETE FROM sessions WHERE expires < now()')).toEqual({ operation: 'DELETE', collection: 'sessions' });
  });

  it('keeps the schema prefix of a qualified table', () => {
    expect(summary('INSERT INTO billing.invoices (id) VALUES ($1)')).toEqual({ operation: 'INSERT', collection: 'billing.invoices' });
  });

  it('unquotes quoted identifiers', () => {
    expect(summary('SELECT * FROM "Sales"."Order ""Lines"""')).toEqual({ operation: 'SELECT', collection: 'Sales.Order "Lines"' });
  });

  it('takes the first table of a join', () => {
    expect(summary('SELECT a.id FROM authors a JOIN books b ON b.author_id = a.id')).toEqual({
      operation: 'SELECT',
      collection: 'authors',
    });
  });

  it('finds the main statement after common table expressions', () => {
    const sql =
      'WITH recent AS (SELECT * FROM orders WHERE at > now()), totals (n) AS MATERIALIZED (SELECT count(*) FROM recent) SELECT * FROM customers';
    expect(summary(sql)).toEqual({ operation: 'SELECT', collection: 'customers' });
    expect(summary('WITH RECURSIVE t AS (SELECT 1) INSERT INTO log SELECT * FROM t')).toEqual({ operation: 'INSERT', collection: 'log' });
  });

  it('ignores FROM inside function calls and subqueries', () => {
    expect(summary('SELECT extract(year FROM created_at) FROM events')).toEqual({ operation: 'SELECT', collection: 'events' });
    expect(summary('SELECT (SELECT max(id) FROM a) FROM b')).toEqual({ operation: 'SELECT', collection: 'b' });
  });

  it('leaves the collection out when the statement reads no table', () => {
    expect(summary('SELECT pg_sleep(0.3)')).toEqual({ operation: 'SELECT', collection: undefined });
    expect(summary('SELECT * FROM (SELECT 1) AS sub')).toEqual({ operation: 'SELECT', collection: undefined });
  });

  it('summarises a parenthesised query', () => {
    expect(summary('(SELECT id FROM a) UNION (SELECT id FROM b)')).toEqual({ operation: 'SELECT', collection: 'a' });
  });

  it('names transaction control and session commands without a collection', () => {
    for (const command of ['BEGIN', 'COMMIT', 'ROLLBACK', 'SAVEPOINT s1', 'SET search_path TO app', 'SHOW work_mem']) {
      expect(summary(command).collection).toBeUndefined();
      expect(summary(command).operation).toBe(command.split(' ')[0]);
    }
  });

  it('summarises the first statement of a multi-statement text', () => {
    expect(summary('BEGIN; INSERT INTO t VALUES (1); COMMIT')).toEqual({ operation: 'BEGIN', collection: undefined });
    expect(summary('; ; DELETE FROM t; SELECT 1')).toEqual({ operation: 'DELETE', collection: 't' });
  });

  it('skips comments before the statement', () => {
    expect(summary('/* app:checkout */ -- note\n SELECT * FROM carts')).toEqual({ operation: 'SELECT', collection: 'carts' });
  });

  it('reads the table of DDL, TRUNCATE, MERGE and COPY statements', () => {
    expect(summary('CREATE TABLE IF NOT EXISTS app.users (id int)')).toEqual({ operation: 'CREATE', collection: 'app.users' });
    expect(summary('CREATE UNLOGGED TABLE cache (k text)')).toEqual({ operation: 'CREATE', collection: 'cache' });
    expect(summary('DROP TABLE IF EXISTS tmp')).toEqual({ operation: 'DROP', collection: 'tmp' });
    expect(summary('CREATE INDEX idx ON t (a)')).toEqual({ operation: 'CREATE', collection: undefined });
    expect(summary('TRUNCATE TABLE ONLY logs')).toEqual({ operation: 'TRUNCATE', collection: 'logs' });
    expect(summary('MERGE INTO stock s USING deliveries d ON s.id = d.id')).toEqual({ operation: 'MERGE', collection: 'stock' });
    expect(summary('COPY items FROM STDIN')).toEqual({ operation: 'COPY', collection: 'items' });
  });

  it('gives up on text that is not a statement', () => {
    expect(summary('')).toEqual({ operation: undefined, collection: undefined });
    expect(summary("'just a literal'")).toEqual({ operation: undefined, collection: undefined });
  });
});
