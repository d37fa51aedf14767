import { describe, expect, it } from 'vitest';
import { safeNext } from './redirect.ts';

describe('safeNext', () => {
  it.each([
    ['/', '/'],
    ['/#chat=ses_1', '/#chat=ses_1'],
    ['/admin/docs?x=1', '/admin/docs?x=1'],
  ])('keeps the same-origin path %s', (input, expected) => {
    expect(safeNext(input)).toBe(expected);
  });

  it.each([
    '//evil.example',
    '//evil.example/path',
    '/\\evil.example',
    '\\\\evil.example',
    'https://evil.example/',
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    ' /',
    '/\t/evil.example',
    '/\n/evil.example',
    'evil.example',
    '/auth/login?next=//evil.example',
    '',
    'x'.repeat(3000),
  ])('refuses %j and falls back to /', (input) => {
    expect(safeNext(input)).toBe('/');
  });

  it('refuses non-strings', () => {
    expect(safeNext(undefined)).toBe('/');
    expect(safeNext(['/a', '/b'])).toBe('/');
    expect(safeNext({ toString: () => '/x' })).toBe('/');
  });
});
