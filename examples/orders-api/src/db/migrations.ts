import type { Pool } from 'pg';

/**
 * Applied in order, each once, all pending ones in one transaction. Never edit an applied
 * migration: add a new one.
 */
export const MIGRATIONS: readonly { readonly id: string; readonly sql: string }[] = [
  {
    id: '001_users',
    sql: `CREATE TABLE users (
      id serial PRIMARY KEY,
      email text NOT NULL UNIQUE,
      name text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`,
  },
  {
    id: '002_products',
    sql: `CREATE TABLE products (
      id serial PRIMARY KEY,
      sku text NOT NULL UNIQUE,
      name text NOT NULL,
      price_cents integer NOT NULL CHECK (price_cents >= 0),
      stock integer NOT NULL CHECK (stock >= 0)
    )`,
  },
  {
    id: '003_orders',
    sql: `CREATE TABLE orders (
      id serial PRIMARY KEY,
      user_id integer NOT NULL REFERENCES users (id),
      status text NOT NULL,
      total_cents integer NOT NULL CHECK (total_cents >= 0),
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX orders_user_id_idx ON orders (user_id)`,
  },
  {
    id: '004_order_items',
    sql: `CREATE TABLE order_items (
      order_id integer NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
      product_id integer NOT NULL REFERENCES products (id),
      quantity integer NOT NULL CHECK (quantity > 0),
      price_cents integer NOT NULL CHECK (price_cents >= 0),
      PRIMARY KEY (order_id, product_id)
    )`,
  },
];

// Any constant works; it only has to be the same for every process migrating this database.
const MIGRATION_LOCK_KEY = 4_242_001;

/** Applies the pending migrations; returns their ids. Safe to run concurrently and repeatedly. */
export async function migrate(pool: Pool): Promise<string[]> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    // Two instances starting together must not both apply 001.
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (id text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    const { rows } = await client.query<{ id: string }>('SELECT id FROM schema_migrations');
    const applied = new Set(rows.map((row) => row.id));
    const pending = MIGRATIONS.filter((migration) => !applied.has(migration.id));
    for (const migration of pending) {
      await client.query(migration.sql);
      await client.query('INSERT INTO schema_migrations (id) VALUES ($1)', [migration.id]);
    }
    await client.query('COMMIT');
    return pending.map((migration) => migration.id);
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
