import { expect, it } from 'vitest';
import { openStore, StoreClosedError } from '../../src/server/store/index.js';

// A DuckDB connection closed under a running statement takes the whole process down
// (node-addon-api cannot throw into a thread being torn down): close must wait for what is under way.
it('answers the queries sent before close, then closes; anything sent after is refused', async () => {
  for (let round = 0; round < 5; round++) {
    const store = await openStore({ memory: true });
    const id = await store.declareIncident({ title: 't', severity: 'sev3', summary: '', createdBy: 'x', alertKeys: [] });
    const changes = Array.from({ length: 8 }, (_, i) => store.changeIncident(id, { author: `p${i}`, note: 'n' }));
    const reads = Array.from({ length: 8 }, () => store.incidents({}));
    const searches = Array.from({ length: 4 }, () => store.searchTraces({ limit: 10 }));
    await store.close();
    expect(await Promise.all(changes)).toEqual(Array(8).fill(true));
    for (const read of await Promise.all(reads)) expect(read.map((incident) => incident.id)).toEqual([id]);
    for (const found of await Promise.all(searches)) expect(found).toEqual([]);
    await expect(store.incidents({})).rejects.toBeInstanceOf(StoreClosedError);
  }
});
