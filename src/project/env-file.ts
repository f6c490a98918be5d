// Merges variables into a .env text: existing lines and comments stay, known keys are updated.
export function mergeEnv(existing: string, values: Record<string, string>): string {
  const pending = new Map(Object.entries(values));
  const lines = existing === '' ? [] : existing.replace(/\n$/, '').split('\n');
  const merged = lines.map((line) => {
    const key = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=/.exec(line)?.[1];
    if (key === undefined || !pending.has(key)) return line;
    const value = pending.get(key) as string;
    pending.delete(key);
    return `${key}=${quote(value)}`;
  });
  for (const [key, value] of pending) merged.push(`${key}=${quote(value)}`);
  return `${merged.join('\n')}\n`;
}

function quote(value: string): string {
  return /^[\w@:/.+-]*$/.test(value) ? value : JSON.stringify(value);
}
