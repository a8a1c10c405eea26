import type { Pool } from 'pg';

const USERS = [
  { email: 'ada@example.com', name: 'Ada Lovelace' },
  { email: 'grace@example.com', name: 'Grace Hopper' },
  { email: 'alan@example.com', name: 'Alan Turing' },
];

const PRODUCTS = [
  { sku: 'KB-001', name: 'Mechanical keyboard', price_cents: 8900, stock: 25 },
  { sku: 'MS-002', name: 'Wireless mouse', price_cents: 2900, stock: 60 },
  { sku: 'MN-003', name: '27" monitor', price_cents: 24900, stock: 8 },
  { sku: 'HD-004', name: 'Noise-cancelling headphones', price_cents: 19900, stock: 12 },
  { sku: 'CB-005', name: 'USB-C cable', price_cents: 900, stock: 200 },
  { sku: 'DK-006', name: 'Docking station', price_cents: 14900, stock: 10 },
  { sku: 'WC-007', name: 'Webcam', price_cents: 5900, stock: 30 },
  { sku: 'LS-008', name: 'Laptop stand', price_cents: 3900, stock: 40 },
  { sku: 'MP-009', name: 'Desk mat', price_cents: 1900, stock: 75 },
  { sku: 'SP-010', name: 'Limited-edition sticker pack', price_cents: 500, stock: 3 },
];

/** Fills an empty database with demo users and products; leaves a used one alone. */
export async function seed(pool: Pool): Promise<{ users: number; products: number }> {
  const counts = { users: 0, products: 0 };
  const users = await pool.query<{ count: string }>('SELECT count(*) FROM users');
  if (users.rows[0]?.count === '0') {
    for (const user of USERS) {
      await pool.query('INSERT INTO users (email, name) VALUES ($1, $2) ON CONFLICT (email) DO NOTHING', [user.email, user.name]);
      counts.users += 1;
    }
  }
  const products = await pool.query<{ count: string }>('SELECT count(*) FROM products');
  if (products.rows[0]?.count === '0') {
    for (const product of PRODUCTS) {
      await pool.query('INSERT INTO products (sku, name, price_cents, stock) VALUES ($1, $2, $3, $4) ON CONFLICT (sku) DO NOTHING', [
        product.sku,
        product.name,
        product.price_cents,
        product.stock,
      ]);
      counts.products += 1;
    }
  }
  return counts;
}
