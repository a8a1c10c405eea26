import { valueText } from '../format.js';
import { BreakableName } from './breakable-name.js';

/** Attributes as a key/value table; every value is rendered as text. */
export function AttributeTable({ attributes, empty = 'none' }: { attributes: Record<string, unknown>; empty?: string }) {
  const entries = Object.entries(attributes).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return <p className="muted small">{empty}</p>;
  return (
    <table className="attributes">
      <tbody>
        {entries.map(([key, value]) => (
          <tr key={key}>
            <th scope="row">
              <BreakableName name={key} />
            </th>
            <td>{valueText(value)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
