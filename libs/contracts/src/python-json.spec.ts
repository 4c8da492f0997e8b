import { describe, expect, it } from '@jest/globals';
import { parsePythonJson } from './python-json.js';

describe('parsePythonJson (what Python json.dump writes)', () => {
  it('keeps NaN and ±Infinity as numbers and lists where each stood', () => {
    const text = '{"loss": NaN, "grad_norm": Infinity, "h": [1, -Infinity, {"x": NaN}], "ok": 2.5e-3}';
    const { value, nonFinite, hadBom } = parsePythonJson(text);
    const v = value as { loss: number; grad_norm: number; h: [number, number, { x: number }]; ok: number };
    expect(Number.isNaN(v.loss)).toBe(true);
    expect([v.grad_norm, v.h[0], v.h[1], v.ok]).toEqual([Infinity, 1, -Infinity, 0.0025]);
    expect(Number.isNaN(v.h[2].x)).toBe(true);
    expect(nonFinite).toEqual([
      { path: 'loss', value: 'NaN' },
      { path: 'grad_norm', value: 'Infinity' },
      { path: 'h[1]', value: '-Infinity' },
      { path: 'h[2].x', value: 'NaN' },
    ]);
    expect(hadBom).toBe(false);
  });

  it('leaves the words inside strings alone, keys included', () => {
    const text = '{"NaN": "Infinity is NaN", "note": "say \\"NaN\\"", "-Infinity": [-1]}';
    expect(parsePythonJson(text)).toEqual({ value: { NaN: 'Infinity is NaN', note: 'say "NaN"', '-Infinity': [-1] }, nonFinite: [], hadBom: false });
  });

  it('reads a file that starts with a byte-order mark', () => {
    expect(parsePythonJson('\uFEFF{"a": 1}')).toEqual({ value: { a: 1 }, nonFinite: [], hadBom: true });
    expect(parsePythonJson('\uFEFFNaN').nonFinite).toEqual([{ path: '(root)', value: 'NaN' }]);
  });

  it('a string that looks like its internal marker stays a string', () => {
    const { value, nonFinite } = parsePythonJson('{"a": "__pyjson0_NaN", "b": NaN}');
    expect((value as { a: string }).a).toBe('__pyjson0_NaN');
    expect(nonFinite).toEqual([{ path: 'b', value: 'NaN' }]);
  });

  it('still refuses what Python would refuse, with the position in the file as it is', () => {
    expect(() => parsePythonJson('{"a": nan}')).toThrow(SyntaxError);
    expect(() => parsePythonJson('{"a": NaNa}')).toThrow(SyntaxError);
    // Without the BOM the "}" after the stray comma is character 8; in the file, after the BOM, 9.
    expect(() => parsePythonJson('{"a": 1,}')).toThrow('Expected double-quoted property name in JSON at position 8');
    expect(() => parsePythonJson('\uFEFF{"a": 1,}')).toThrow('Expected double-quoted property name in JSON at position 9');
  });
});
