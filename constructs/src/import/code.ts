/** Writing TypeScript for `harden import`: literals, quoted strings, raw code, one-prop-per-line statements. */

/** A string as a single-quoted TypeScript literal. */
export const quote = (value: unknown) =>
  JSON.stringify(value).replace(
    /^"(.*)"$/s,
    (_m, inner: string) => `'${inner.replace(/\\"/g, '"').replace(/'/g, "\\'")}'`,
  );

/** An object literal in TypeScript, keys quoted only when they must be. */
export function literal(value: unknown, indent = ''): string {
  if (Array.isArray(value)) return `[${value.map((item) => literal(item, indent)).join(', ')}]`;
  if (typeof value === 'object' && value !== null) {
    if ('__code' in value) return (value as { __code: string }).__code;
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return '{}';
    return `{ ${entries.map(([key, v]) => `${/^[A-Za-z_$][\w$]*$/.test(key) ? key : quote(key)}: ${literal(v, indent)}`).join(', ')} }`;
  }
  return typeof value === 'string' ? quote(value) : String(value);
}

export const code = (text: string) => ({ __code: text });

/** A long `new X(chart, 'id', { … })` statement with one prop per line. */
export function formatStatement(statement: string): string {
  const open = statement.indexOf('{ ');
  if (open < 0 || statement.length <= 110) return statement;
  const head = statement.slice(0, open);
  const body = statement.slice(open + 2, statement.lastIndexOf(' })'));
  const props: string[] = [];
  let depth = 0;
  let quoteChar = '';
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (quoteChar) {
      if (c === '\\') i++;
      else if (c === quoteChar) quoteChar = '';
    } else if (c === "'" || c === '"' || c === '`') quoteChar = c;
    else if ('{[('.includes(c)) depth++;
    else if ('}])'.includes(c)) depth--;
    else if (c === ',' && depth === 0) {
      props.push(body.slice(start, i).trim());
      start = i + 1;
    }
  }
  props.push(body.slice(start).trim());
  return `${head}{\n${props.map((prop) => `  ${prop},`).join('\n')}\n});`;
}
