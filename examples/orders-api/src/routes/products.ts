import type { Express } from 'express';
import type { Pool } from 'pg';

export function registerProductRoutes(app: Express, pool: Pool): void {
  app.get('/products', async (_req, res) => {
    const { rows } = await pool.query('SELECT id, sku, name, price_cents, stock, stock > 0 AS in_stock FROM products ORDER BY id');
    res.json({ products: rows });
  });
}
