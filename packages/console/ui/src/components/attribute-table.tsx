import { valueText } from '../format.js';

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
              <BreakableKey name={key} />
            </th>
            <td>{valueText(value)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * A dotted key (`deployment.environment.name`) may wrap after each dot or underscore, the way it
 * reads, rather than mid-word: a <wbr> after each.
 */
function BreakableKey({ name }: { name: string }) {
  const parts = name.split(/(?<=[._/])/);
  if (parts.length === 1) return name;
  // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one fixed string, never reordered.
  return parts.map((part, index) => (index === 0 ? part : [<wbr key={index} />, part]));
}
