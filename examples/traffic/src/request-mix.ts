/** What the generator knows of the service: ids it may use in requests. */
export interface Catalog {
  readonly userIds: readonly number[];
  readonly productIds: readonly number[];
}

export interface PlannedRequest {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly body?: unknown;
  /** The kind of request, for the summary: read, order, or the injected error. */
  readonly kind: string;
}

const pick = <T>(items: readonly T[], random: () => number): T => items[Math.floor(random() * items.length)] as T;

function order(catalog: Catalog, random: () => number): PlannedRequest {
  const count = 1 + Math.floor(random() * 3);
  const products = [...new Set(Array.from({ length: count }, () => pick(catalog.productIds, random)))];
  return {
    method: 'POST',
    path: '/orders',
    kind: 'order',
    body: {
      user_id: pick(catalog.userIds, random),
      items: products.map((id) => ({ product_id: id, quantity: 1 + Math.floor(random() * 2) })),
    },
  };
}

/** Deliberate client errors: each is answered 4xx by a correct service and changes nothing. */
function injectedError(catalog: Catalog, random: () => number): PlannedRequest {
  const roll = random();
  if (roll < 0.4)
    return { method: 'POST', path: '/orders', kind: 'invalid-order', body: { user_id: pick(catalog.userIds, random), items: [] } };
  if (roll < 0.7) return { method: 'GET', path: `/users/${1_000_000 + Math.floor(random() * 1000)}`, kind: 'unknown-user' };
  return {
    method: 'POST',
    path: '/orders',
    kind: 'too-much-stock',
    body: { user_id: pick(catalog.userIds, random), items: [{ product_id: pick(catalog.productIds, random), quantity: 1000 }] },
  };
}

/**
 * A realistic mix: mostly reads (products, users, orders), some deliveries restocking a
 * product, about a quarter orders (which the payments service sometimes declines or slows), and
 * `errorRate` deliberate client errors.
 */
export function planRequest(catalog: Catalog, errorRate: number, random: () => number = Math.random): PlannedRequest {
  if (random() < errorRate) return injectedError(catalog, random);
  const roll = random();
  if (roll < 0.3) return { method: 'GET', path: '/products', kind: 'read' };
  if (roll < 0.55) return { method: 'GET', path: `/users/${pick(catalog.userIds, random)}`, kind: 'read' };
  if (roll < 0.68) return { method: 'GET', path: '/orders', kind: 'read' };
  // Deliveries: without them the seeded stock runs out within a minute and every order is a 409.
  if (roll < 0.72)
    return { method: 'POST', path: `/products/${pick(catalog.productIds, random)}/restock`, kind: 'restock', body: { quantity: 60 } };
  return order(catalog, random);
}
