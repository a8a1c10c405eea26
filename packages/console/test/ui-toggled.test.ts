import { describe, expect, it } from 'vitest';
import { toggled } from '../ui/src/components/toggled.js';

describe('toggled (the services whose routes are open, kept in the URL)', () => {
  it('adds a name at the end and removes it again, keeping the others in order', () => {
    const opened = toggled(['orders-api'], 'payments');
    expect(opened).toEqual(['orders-api', 'payments']);
    expect(toggled(opened, 'orders-api')).toEqual(['payments']);
    expect(toggled([], 'a,b')).toEqual(['a,b']);
  });

  it('leaves its input as it was', () => {
    const items = ['a'];
    toggled(items, 'b');
    toggled(items, 'a');
    expect(items).toEqual(['a']);
  });
});
