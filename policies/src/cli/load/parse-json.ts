import { errorMessage } from '../../error-message';
import { type ParsedDocument, type ParseError, parseYamlDocuments } from './parse-yaml';

/**
 * Parses a `.json` file: one document (index 0). JSON's own parser is much faster than a YAML parser; when it
 * fails, the error's position is its offset when it gives one, else where the YAML parser (JSON is YAML
 * flow syntax) stops.
 */
export function parseJsonDocument(text: string): { documents: ParsedDocument[]; errors: ParseError[] } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return {
      documents: [],
      errors: [jsonError(text, errorMessage(error))],
    };
  }
  if (value === null) return { documents: [], errors: [] };
  const start = text.search(/\S/);
  return {
    documents: [{ index: 0, value, line: lineAndColumn(text, Math.max(start, 0)).line }],
    errors: [],
  };
}

function jsonError(text: string, raw: string): ParseError {
  const match = / in JSON at position (\d+)/.exec(raw);
  // V8 writes `Unexpected token 'x', "<excerpt>" is not valid JSON`; the excerpt repeats the input.
  const reason = (match ? raw.slice(0, match.index) : raw).replace(/, ".*" is not valid JSON$/s, '');
  const message = `invalid JSON: ${reason}; fix the JSON syntax at this position`;
  if (match) return { ...lineAndColumn(text, Number(match[1])), message };
  const located = parseYamlDocuments(text).errors[0];
  if (located) return { line: located.line, column: located.column, message };
  return { ...lineAndColumn(text, text.length), message };
}

/** 1-based line and column (in UTF-16 code units) of an offset in a string. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}
