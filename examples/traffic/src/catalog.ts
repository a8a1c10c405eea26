import type { Catalog } from './request-mix.js';

/**
 * Reads the user and product ids the service has, retrying while it starts up (npm start
 * launches the generator beside the service). Throws with the last error after `timeoutMs`.
 */
export async function discoverCatalog(target: string, timeoutMs = 30_000): Promise<Catalog> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const [users, products] = await Promise.all([getJson(`${target}/users`), getJson(`${target}/products`)]);
      const userIds = ((users as { users?: { id: number }[] }).users ?? []).map((user) => user.id);
      const productIds = ((products as { products?: { id: number }[] }).products ?? []).map((product) => product.id);
      if (userIds.length > 0 && productIds.length > 0) return { userIds, productIds };
      lastError = new Error('the service has no users or products yet');
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`could not read users and products from ${target}: ${(lastError as Error)?.message ?? lastError}`);
}

async function getJson(url: string): Promise<unknown> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
  return response.json();
}
