/**
 * A dotted or snake_case name (`deployment.environment.name`, `http_server_request_duration_seconds`)
 * that may wrap after each dot, underscore or slash, the way it reads, rather than mid-word: a
 * <wbr> after each.
 */
export function BreakableName({ name }: { name: string }) {
  const parts = name.split(/(?<=[._/])/);
  if (parts.length === 1) return name;
  // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one fixed string, never reordered.
  return parts.map((part, index) => (index === 0 ? part : [<wbr key={index} />, part]));
}
