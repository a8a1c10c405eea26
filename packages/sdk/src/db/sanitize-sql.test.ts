import { describe, expect, it } from 'vitest';
import { sanitizeSql } from './sanitize-sql.js';

describe('sanitizeSql', () => {
  it('replaces string literals and keeps $n placeholders', () => {
    expect(sanitizeSql("SELECT * FROM users WHERE email = 'ada@example.com' AND id = $1")).toBe(
      'SELECT * FROM users WHERE email = ? AND id = $1',
    );
  });

  it('treats a doubled quote as part of the string, not its end', () => {
    expect(sanitizeSql("INSERT INTO notes (body) VALUES ('it''s secret', 'x')")).toBe('INSERT INTO notes (body) VALUES (?, ?)');
  });

  it('honours backslash escapes only in E strings', () => {
    expect(sanitizeSql("SELECT E'don\\'t leak', e'\\\\' FROM t")).toBe('SELECT ?, ? FROM t');
    expect(sanitizeSql("SELECT 'C:\\' || name FROM t")).toBe('SELECT ? || name FROM t');
  });

  it('replaces bit, hex, national and unicode string literals', () => {
    expect(sanitizeSql("SELECT B'1010', X'1F', N'secret', U&'d\\0061t' FROM t")).toBe('SELECT ?, ?, ?, ? FROM t');
  });

  it('replaces integers, decimals, exponents and negative numbers', () => {
    expect(sanitizeSql('SELECT * FROM t WHERE a = 42 AND b > -3.2 AND c < 1e5 AND d = .5 AND e = 2.5E-3')).toBe(
      'SELECT * FROM t WHERE a = ? AND b > ? AND c < ? AND d = ? AND e = ?',
    );
  });

  it('keeps a minus that subtracts from an operand', () => {
    expect(sanitizeSql('SELECT a -3, (b) - 4, -5 FROM t')).toBe('SELECT a -?, (b) - ?, ? FROM t');
  });

  it('replaces hexadecimal numbers and digit separators', () => {
    expect(sanitizeSql('SELECT 0x1F, 1_000_000 FROM t')).toBe('SELECT ?, ? FROM t');
  });

  it('leaves digits inside identifiers alone', () => {
    expect(sanitizeSql('SELECT t1.col2 FROM table3 t1')).toBe('SELECT t1.col2 FROM table3 t1');
  });

  it('replaces dollar-quoted bodies, tagged or not', () => {
    expect(sanitizeSql('SELECT $$a secret$$, $tag$it has $$ inside$tag$ FROM t WHERE x = $2')).toBe('SELECT ?, ? FROM t WHERE x = $2');
  });

  it('keeps quoted identifiers verbatim, including doubled quotes and digits', () => {
    expect(sanitizeSql('SELECT "Order 1" FROM "my""schema"."Users"')).toBe('SELECT "Order 1" FROM "my""schema"."Users"');
  });

  it('drops line and nested block comments, which may hold anything', () => {
    expect(sanitizeSql("SELECT 1 -- password 'hunter2'\nFROM t /* outer /* inner 'x' */ still */ WHERE a = 2")).toBe(
      'SELECT ? FROM t WHERE a = ?',
    );
  });

  it('collapses whitespace and trims', () => {
    expect(sanitizeSql('  SELECT\n\t*\n  FROM   t  ')).toBe('SELECT * FROM t');
  });

  it('collapses IN lists of literals to a single placeholder', () => {
    expect(sanitizeSql("SELECT * FROM t WHERE id IN (1, 2, 3) AND tag in('a','b')")).toBe('SELECT * FROM t WHERE id IN (?) AND tag IN (?)');
  });

  it('keeps IN lists of placeholders, which carry no values', () => {
    expect(sanitizeSql('SELECT * FROM t WHERE id IN ($1, $2)')).toBe('SELECT * FROM t WHERE id IN ($1, $2)');
  });

  it('keeps casts and operators around replaced literals', () => {
    expect(sanitizeSql("SELECT '5'::int, now() - interval '1 day', data->>'key' FROM t")).toBe(
      'SELECT ?::int, now() - interval ?, data->>? FROM t',
    );
  });

  it('sanitizes every statement of a multi-statement text', () => {
    expect(sanitizeSql("BEGIN; INSERT INTO t VALUES ('x', 1); COMMIT;")).toBe('BEGIN; INSERT INTO t VALUES (?, ?); COMMIT;');
  });

  it('swallows an unterminated literal rather than leaking its tail', () => {
    expect(sanitizeSql("SELECT 'unterminated secret")).toBe('SELECT ?');
    expect(sanitizeSql('SELECT $x$ unterminated')).toBe('SELECT ?');
  });

  it('leaves a text without literals unchanged', () => {
    expect(sanitizeSql('UPDATE accounts SET balance = balance + $1 WHERE id = $2')).toBe(
      'UPDATE accounts SET balance = balance + $1 WHERE id = $2',
    );
  });
});
