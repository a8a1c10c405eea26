import type { Express } from 'express';
import type { Pool } from 'pg';
import { z } from 'zod';
import { HttpError, parseInput } from '../http-errors.js';
import { idParam } from './id-param.js';

const restockSchema = z.object({ quantity: z.number().int().positive().max(10_000) }).strict();

export function registerProductRoutes(app: Express, pool: Pool): void {
  app.get('/products', async (_req, res) => {
    const { rows } = await pool.query('SELECT id, sku, name, price_cents, stock, stock > 0 AS in_stock FROM products ORDER BY id');
    res.json({ products: rows });
  });

  // The warehouse side: orders take stock away, deliveries bring it back.
  app.post('/products/:id/restock', async (req, res) => {
    const id = idParam(req.params.id);
    const { quantity } = parseInput(restockSchema, req.body);
    const { rows } = await pool.query('UPDATE products SET stock = stock + $1 WHERE id = $2 RETURNING id, sku, stock', [quantity, id]);
    if (rows[0] === undefined) throw new HttpError(404, 'not_found', `no product with id ${id}`);
    res.json(rows[0]);
  });
}
