import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { parseJsonLinesAs } from './json-lines.js';

describe('parseJsonLinesAs', () => {
  it('keeps the lines that meet the schema with their numbers, and names each one that does not', () => {
    const schema = z.object({ id: z.string(), n: z.number() });
    const text = '{"id": "a", "n": 1}\n\n{"id": "b"\n{"id": "c", "n": "two"}\n[1]\n{"id": "d", "n": 4}\n';
    expect(parseJsonLinesAs(schema, text)).toEqual({
      lines: [{ line: 1, value: { id: 'a', n: 1 } }, { line: 6, value: { id: 'd', n: 4 } }],
      problems: [
        { line: 3, message: expect.stringMatching(/^not JSON: /) },
        { line: 4, message: 'n: Invalid input: expected number, received string' },
        { line: 5, message: '(line): Invalid input: expected object, received array' },
      ],
    });
  });
});
