/** "by [your name]": who signs a change (a silence, an incident's entries). */
export function AuthorField({ name, value, onChange }: { name: string; value: string; onChange: (value: string) => void }) {
  return (
    <label>
      by <input name={name} required value={value} placeholder="your name" onChange={(event) => onChange(event.target.value)} />
    </label>
  );
}
