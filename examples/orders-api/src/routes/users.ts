import type { Express } from 'express';
import type { Pool } from 'pg';
import { z } from 'zod';
import { HttpError, parseInput } from '../http-errors.js';
import { idParam } from './id-param.js';

const userSchema = z
  .object({
    email: z.email().max(320),
    name: z.string().trim().min(1).max(200),
  })
  .strict();

const UNIQUE_VIOLATION = '23505';

export function registerUserRoutes(app: Express, pool: Pool): void {
  app.post('/users', async (req, res) => {
    const user = parseInput(userSchema, req.body);
    try {
      const { rows } = await pool.query('INSERT INTO users (email, name) VALUES ($1, $2) RETURNING id, email, name, created_at', [
        user.email,
        user.name,
      ]);
      res.status(201).json(rows[0]);
    } catch (error) {
      if ((error as { code?: string }).code === UNIQUE_VIOLATION) {
        throw new HttpError(409, 'email_taken', `email: ${user.email} is already registered`);
      }
      throw error;
    }
  });

  app.get('/users', async (_req, res) => {
    const { rows } = await pool.query('SELECT id, email, name, created_at FROM users ORDER BY id LIMIT 100');
    res.json({ users: rows });
  });

  app.get('/users/:id', async (req, res) => {
    const id = idParam(req.params.id);
    const { rows } = await pool.query('SELECT id, email, name, created_at FROM users WHERE id = $1', [id]);
    if (rows[0] === undefined) throw new HttpError(404, 'not_found', `no user with id ${id}`);
    res.json(rows[0]);
  });
}
