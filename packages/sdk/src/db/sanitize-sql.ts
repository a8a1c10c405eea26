/**
 * Statement text safe to record as `db.query.text`: OpenTelemetry's semantic conventions ask
 * that literal values never reach telemetry unless the instrumentation is sure they are not
 * sensitive, so every string, number, bit string and dollar-quoted body becomes `?`.
 * Placeholders (`$1`) stay, comments go (they may hold anything), whitespace collapses and
 * `IN (?, ?, ?)` folds to `IN (?)` so statements differing only in list length group together.
 *
 * One linear scan, no backtracking; the lexical rules are PostgreSQL's
 * (https://www.postgresql.org/docs/current/sql-syntax-lexical.html).
 */
export function sanitizeSql(sql: string): string {
  const out = new Scanner(sql).run();
  return out.includes('?') ? out.replace(IN_LIST, 'IN (?)') : out;
}

const IN_LIST = /\bIN ?\( ?\?(?: ?, ?\?)* ?\)/gi;

/** Keywords after which `-5` is a negative literal rather than a subtraction. */
const UNARY_CONTEXT = new Set([
  'SELECT',
  'WHERE',
  'AND',
  'OR',
  'NOT',
  'THEN',
  'ELSE',
  'WHEN',
  'VALUES',
  'SET',
  'BY',
  'LIMIT',
  'OFFSET',
  'RETURNING',
  'IN',
  'IS',
  'BETWEEN',
  'LIKE',
  'ILIKE',
  'AS',
  'CASE',
  'DEFAULT',
  'ARRAY',
]);

enum Code {
  Tab = 9,
  LineFeed = 10,
  CarriageReturn = 13,
  Space = 32,
  DoubleQuote = 34,
  Dollar = 36,
  Ampersand = 38,
  Quote = 39,
  CloseParen = 41,
  Star = 42,
  Plus = 43,
  Minus = 45,
  Dot = 46,
  Slash = 47,
  Zero = 48,
  Nine = 57,
  Backslash = 92,
  CloseBracket = 93,
  Underscore = 95,
  LowerE = 101,
}

function isDigit(code: number): boolean {
  return code >= Code.Zero && code <= Code.Nine;
}

function isIdentifierStart(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === Code.Underscore || code >= 128;
}

function isIdentifierPart(code: number): boolean {
  return isIdentifierStart(code) || isDigit(code) || code === Code.Dollar;
}

function isSign(code: number): boolean {
  return code === Code.Plus || code === Code.Minus;
}

/** x, o, b in either case. */
function isRadixLetter(code: number): boolean {
  const lower = code | 32;
  return lower === 120 || lower === 111 || lower === 98;
}

function isSpace(code: number): boolean {
  return code === Code.Space || code === Code.Tab || code === Code.LineFeed || code === Code.CarriageReturn || code === 12 || code === 11;
}

/** What the last emitted token was: decides whether a `-` before a number is a sign. */
enum Previous {
  Start,
  Operator,
  Operand,
  Keyword,
}

class Scanner {
  readonly #sql: string;
  #i = 0;
  #out = '';
  #pendingSpace = false;
  #previous = Previous.Start;

  constructor(sql: string) {
    this.#sql = sql;
  }

  run(): string {
    const sql = this.#sql;
    while (this.#i < sql.length) {
      const code = sql.charCodeAt(this.#i);
      const next = sql.charCodeAt(this.#i + 1);
      if (isSpace(code)) {
        this.#pendingSpace = true;
        this.#i++;
      } else if (code === Code.Minus && next === Code.Minus) {
        this.#skipLineComment();
      } else if (code === Code.Slash && next === Code.Star) {
        this.#skipBlockComment();
      } else if (code === Code.Quote) {
        this.#skipString(false);
        this.#emit('?', Previous.Operand);
      } else if (code === Code.DoubleQuote) {
        this.#copyQuotedIdentifier();
      } else if (code === Code.Dollar) {
        this.#dollar();
      } else if (isDigit(code) || (code === Code.Dot && isDigit(next))) {
        this.#skipNumber();
        this.#emit('?', Previous.Operand);
      } else if (
        code === Code.Minus &&
        this.#signContext() &&
        (isDigit(next) || (next === Code.Dot && isDigit(sql.charCodeAt(this.#i + 2))))
      ) {
        this.#i++;
        this.#skipNumber();
        this.#emit('?', Previous.Operand);
      } else if (isIdentifierStart(code)) {
        this.#word();
      } else {
        this.#punctuation(code);
      }
    }
    return this.#out;
  }

  #emit(text: string, previous: Previous): void {
    if (this.#pendingSpace && this.#out.length > 0) this.#out += ' ';
    this.#pendingSpace = false;
    this.#out += text;
    this.#previous = previous;
  }

  #signContext(): boolean {
    return this.#previous !== Previous.Operand;
  }

  #skipLineComment(): void {
    const end = this.#sql.indexOf('\n', this.#i);
    this.#i = end === -1 ? this.#sql.length : end;
    this.#pendingSpace = true;
  }

  /** PostgreSQL block comments nest. */
  #skipBlockComment(): void {
    const sql = this.#sql;
    let depth = 0;
    while (this.#i < sql.length) {
      if (sql.startsWith('/*', this.#i)) {
        depth++;
        this.#i += 2;
      } else if (sql.startsWith('*/', this.#i)) {
        depth--;
        this.#i += 2;
        if (depth === 0) break;
      } else {
        this.#i++;
      }
    }
    this.#pendingSpace = true;
  }

  /** From the opening quote past the closing one; `''` is a quote, and `\'` too in E'' strings. */
  #skipString(backslashEscapes: boolean): void {
    const sql = this.#sql;
    this.#i++;
    while (this.#i < sql.length) {
      const code = sql.charCodeAt(this.#i);
      if (backslashEscapes && code === Code.Backslash) {
        this.#i += 2;
      } else if (code === Code.Quote) {
        if (sql.charCodeAt(this.#i + 1) === Code.Quote) {
          this.#i += 2;
        } else {
          this.#i++;
          return;
        }
      } else {
        this.#i++;
      }
    }
  }

  #copyQuotedIdentifier(): void {
    const sql = this.#sql;
    let end = this.#i + 1;
    for (;;) {
      end = sql.indexOf('"', end);
      if (end === -1) {
        end = sql.length;
        break;
      }
      if (sql.charCodeAt(end + 1) !== Code.DoubleQuote) {
        end++;
        break;
      }
      end += 2;
    }
    this.#emit(sql.slice(this.#i, end), Previous.Operand);
    this.#i = end;
  }

  /** `$1` is a placeholder (kept); `$$…$$` and `$tag$…$tag$` are string bodies (replaced). */
  #dollar(): void {
    const sql = this.#sql;
    const start = this.#i;
    let end = start + 1;
    if (isDigit(sql.charCodeAt(end))) {
      while (isDigit(sql.charCodeAt(end))) end++;
      this.#emit(sql.slice(start, end), Previous.Operand);
      this.#i = end;
      return;
    }
    if (isIdentifierStart(sql.charCodeAt(end))) {
      while (end < sql.length && isIdentifierPart(sql.charCodeAt(end)) && sql.charCodeAt(end) !== Code.Dollar) end++;
    }
    if (sql.charCodeAt(end) !== Code.Dollar) {
      this.#emit('$', Previous.Operator);
      this.#i++;
      return;
    }
    const delimiter = sql.slice(start, end + 1);
    const close = sql.indexOf(delimiter, end + 1);
    this.#i = close === -1 ? sql.length : close + delimiter.length;
    this.#emit('?', Previous.Operand);
  }

  /** Decimal, exponent (1e5, 2.5E-3), 0x/0o/0b radix forms and PostgreSQL 16's 1_000 separators. */
  #skipNumber(): void {
    const sql = this.#sql;
    let i = this.#i;
    if (sql.charCodeAt(i) === Code.Zero && isRadixLetter(sql.charCodeAt(i + 1))) {
      i += 2;
      while (i < sql.length && isIdentifierPart(sql.charCodeAt(i))) i++;
      this.#i = i;
      return;
    }
    while (i < sql.length) {
      const code = sql.charCodeAt(i);
      if (isDigit(code) || code === Code.Dot || code === Code.Underscore) {
        i++;
      } else if ((code | 32) === Code.LowerE && isDigit(sql.charCodeAt(i + 1))) {
        i += 2;
      } else if ((code | 32) === Code.LowerE && isSign(sql.charCodeAt(i + 1)) && isDigit(sql.charCodeAt(i + 2))) {
        i += 3;
      } else {
        break;
      }
    }
    this.#i = i;
  }

  #word(): void {
    const sql = this.#sql;
    const start = this.#i;
    let end = start + 1;
    while (end < sql.length && isIdentifierPart(sql.charCodeAt(end))) end++;
    const next = sql.charCodeAt(end);
    const length = end - start;
    // E'…' (escapes), B'…' / X'…' (bit strings), N'…' (national), U&'…' (unicode).
    if (next === Code.Quote && length === 1 && 'eEbBxXnN'.includes(sql.charAt(start))) {
      this.#i = end;
      this.#skipString((sql.charCodeAt(start) | 32) === Code.LowerE);
      this.#emit('?', Previous.Operand);
      return;
    }
    if (length === 1 && (sql.charCodeAt(start) | 32) === 117 && next === Code.Ampersand && sql.charCodeAt(end + 1) === Code.Quote) {
      this.#i = end + 1;
      this.#skipString(false);
      this.#emit('?', Previous.Operand);
      return;
    }
    const word = sql.slice(start, end);
    this.#emit(word, UNARY_CONTEXT.has(word.toUpperCase()) ? Previous.Keyword : Previous.Operand);
    this.#i = end;
  }

  #punctuation(code: number): void {
    this.#i++;
    // `)` and `]` close an operand, so a `-` right after them is a subtraction.
    const operand = code === Code.CloseParen || code === Code.CloseBracket;
    this.#emit(String.fromCharCode(code), operand ? Previous.Operand : Previous.Operator);
  }
}
