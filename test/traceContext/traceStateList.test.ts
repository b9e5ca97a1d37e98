import { describe, expect, it } from 'vitest';
import { parseTraceState } from '../../src/traceContext/parseTraceState.js';

describe('parseTraceState', () => {
  it('returns the list, or undefined when it is invalid, empty or not a header value', () => {
    expect(parseTraceState(' a=1 ,b@=2')?.serialize()).toBe('a=1,b@=2');
    expect(parseTraceState(['a=1', 'b=2'])?.serialize()).toBe('a=1,b=2');
    for (const header of [undefined, '', ' , ', 'a=1,@b=2', ['a=1', 7], 7, null]) {
      expect(parseTraceState(header), JSON.stringify(header)).toBeUndefined();
    }
  });
});

describe('TraceStateList', () => {
  it('is immutable: set and unset return new lists and leave the original as it was', () => {
    const original = parseTraceState('a=1,b=2');
    const updated = original?.set('b', '3').unset('a');
    expect(updated?.serialize()).toBe('b=3');
    expect(original?.serialize()).toBe('a=1,b=2');
    expect(original?.get('a')).toBe('1');
    expect(original?.get('missing')).toBeUndefined();
  });

  it('returns itself for an invalid key or value and for unsetting a missing key', () => {
    const list = parseTraceState('a=1');
    expect(list?.set('A', '1')).toBe(list);
    expect(list?.set('b', 'x,y')).toBe(list);
    expect(list?.set('b', '')).toBe(list);
    expect(list?.set('b', `${'v'.repeat(256)} `)).toBe(list);
    expect(list?.unset('b')).toBe(list);
  });
});
