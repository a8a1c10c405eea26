/** What a statement does and to which table: `db.operation.name` and `db.collection.name`. */
export interface SqlSummary {
  /** The command keyword, upper-cased (SELECT, INSERT, BEGIN, …); undefined when unrecognisable. */
  readonly operation: string | undefined;
  /** The first table the statement names, schema prefix kept, quotes removed. */
  readonly collection: string | undefined;
}

const NOTHING: SqlSummary = { operation: undefined, collection: undefined };

/** Statement keywords that can follow a `WITH` clause. */
const MAIN_STATEMENTS = new Set(['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'MERGE', 'VALUES', 'TABLE']);
/** Words between CREATE/DROP/ALTER and TABLE that do not change what is created. */
const TABLE_MODIFIERS = new Set(['OR', 'REPLACE', 'TEMP', 'TEMPORARY', 'UNLOGGED', 'GLOBAL', 'LOCAL', 'FOREIGN']);
const OPTIONAL_BEFORE_NAME = new Set(['ONLY', 'LATERAL', 'IF', 'NOT', 'EXISTS']);
const OPERATION = /^[A-Za-z]+$/;

/**
 * Summarises the first statement of a sanitized text (see sanitizeSql: no literals or
 * comments left, so a token is a word, a quoted identifier or one punctuation character).
 * Semconv asks for the first collection the query names, so `SELECT … FROM a JOIN b` is `a`.
 */
export function summarizeSql(sanitized: string): SqlSummary {
  const tokens = firstStatement(sanitized);
  let i = 0;
  while (tokens[i] === '(') i++;
  let keyword = upper(tokens[i]);
  if (keyword === 'WITH') {
    i = mainStatementAfterWith(tokens, i + 1);
    keyword = upper(tokens[i]);
  }
  if (keyword === undefined || !OPERATION.test(keyword)) return NOTHING;
  return { operation: keyword, collection: collectionOf(keyword, tokens, i + 1) };
}

function upper(token: string | undefined): string | undefined {
  return token?.toUpperCase();
}

/** Tokens of the first non-empty statement (`BEGIN; INSERT …` is summarised as BEGIN). */
function firstStatement(sql: string): string[] {
  const tokens: string[] = [];
  let i = 0;
  while (i < sql.length) {
    const char = sql.charAt(i);
    if (char === ' ') {
      i++;
    } else if (char === ';') {
      if (tokens.length > 0) break;
      i++;
    } else if (char === '"') {
      let end = i + 1;
      while (end < sql.length && !(sql.charAt(end) === '"' && sql.charAt(end + 1) !== '"')) end += sql.charAt(end) === '"' ? 2 : 1;
      tokens.push(sql.slice(i, end + 1));
      i = end + 1;
    } else if (isWordChar(char)) {
      let end = i + 1;
      while (end < sql.length && isWordChar(sql.charAt(end))) end++;
      tokens.push(sql.slice(i, end));
      i = end;
    } else {
      tokens.push(char);
      i++;
    }
  }
  return tokens;
}

function isWordChar(char: string): boolean {
  const code = char.charCodeAt(0);
  return (
    (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code === 36 || code >= 128
  );
}

/** Index just past the parenthesised group opening at `i`. */
function skipGroup(tokens: readonly string[], i: number): number {
  let depth = 0;
  for (; i < tokens.length; i++) {
    if (tokens[i] === '(') depth++;
    else if (tokens[i] === ')' && --depth === 0) return i + 1;
  }
  return i;
}

/** CTE bodies are parenthesised, so the main statement is the first such keyword outside parentheses. */
function mainStatementAfterWith(tokens: readonly string[], i: number): number {
  while (i < tokens.length) {
    if (tokens[i] === '(') {
      i = skipGroup(tokens, i);
    } else if (MAIN_STATEMENTS.has(upper(tokens[i]) as string)) {
      return i;
    } else {
      i++;
    }
  }
  return i;
}

/** The first word `keyword` outside parentheses, or -1. */
function findTopLevel(tokens: readonly string[], i: number, keyword: string): number {
  while (i < tokens.length) {
    if (tokens[i] === '(') {
      i = skipGroup(tokens, i);
    } else if (upper(tokens[i]) === keyword) {
      return i;
    } else if (tokens[i] === ')') {
      // The end of a parenthesised statement: `(SELECT 1) UNION …` has no FROM of its own.
      return -1;
    } else {
      i++;
    }
  }
  return -1;
}

function collectionOf(operation: string, tokens: readonly string[], i: number): string | undefined {
  switch (operation) {
    case 'SELECT': {
      const from = findTopLevel(tokens, i, 'FROM');
      return from === -1 ? undefined : qualifiedName(tokens, from + 1);
    }
    case 'DELETE':
      return upper(tokens[i]) === 'FROM' ? qualifiedName(tokens, i + 1) : undefined;
    case 'INSERT':
    case 'MERGE':
      return upper(tokens[i]) === 'INTO' ? qualifiedName(tokens, i + 1) : undefined;
    case 'UPDATE':
    case 'COPY':
    case 'TABLE':
      return qualifiedName(tokens, i);
    case 'TRUNCATE':
      return qualifiedName(tokens, upper(tokens[i]) === 'TABLE' ? i + 1 : i);
    case 'CREATE':
    case 'DROP':
    case 'ALTER': {
      while (TABLE_MODIFIERS.has(upper(tokens[i]) as string)) i++;
      return upper(tokens[i]) === 'TABLE' ? qualifiedName(tokens, i + 1) : undefined;
    }
    default:
      return undefined;
  }
}

/** `schema.table`, `"Quoted"."Name"` → `Quoted.Name`; undefined for a subquery or anything else. */
function qualifiedName(tokens: readonly string[], i: number): string | undefined {
  while (OPTIONAL_BEFORE_NAME.has(upper(tokens[i]) as string)) i++;
  let name = identifier(tokens[i]);
  if (name === undefined) return undefined;
  while (tokens[i + 1] === '.') {
    const part = identifier(tokens[i + 2]);
    if (part === undefined) break;
    name += `.${part}`;
    i += 2;
  }
  return name;
}

function identifier(token: string | undefined): string | undefined {
  if (token === undefined) return undefined;
  if (token.startsWith('"')) return token.slice(1, token.endsWith('"') && token.length > 1 ? -1 : undefined).replaceAll('""', '"');
  return isWordChar(token) && !(token.charCodeAt(0) >= 48 && token.charCodeAt(0) <= 57) && token.charAt(0) !== '$' ? token : undefined;
}
