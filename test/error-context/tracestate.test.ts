import { context, SpanKind, trace, type TraceState } from '@opentelemetry/api';
import { TraceState as CoreTraceState } from '@opentelemetry/core';
import { describe, expect, it } from 'vitest';
import type { Carrier } from '../../src/error-context/types.js';
import { createHarness } from './harness.js';

// The rules below are those of W3C Trace Context, "tracestate Header Field Values":
//   list        = list-member 0*31( OWS "," OWS list-member )
//   list-member = (key "=" value) / OWS
//   key         = ( lcalpha / DIGIT ) 0*255( lcalpha / DIGIT / "_" / "-" / "*" / "/" / "@" )
//   value       = 0*255( %x20 / nblk-chr ) nblk-chr ; nblk-chr = %x21-2B / %x2D-3C / %x3E-7E

const traceId = '12345678901234567890123456789012';
const parentId = '1234567890123456';
const traceparent = `00-${traceId}-${parentId}-01`;

interface Relayed {
  /** The headers a CLIENT span inside the SERVER span of the request writes. */
  sent: Record<string, string>;
  /** The trace id the SERVER span got. */
  serverTraceId: string;
}

/** A service written with the public calls: extract → SERVER span → CLIENT span → inject. */
function relay(incoming: Carrier): Relayed {
  const { errors, spans } = createHarness();
  return errors.extract(incoming, () =>
    spans.withSpan('GET /', { kind: SpanKind.SERVER }, (server) =>
      spans.withSpan('GET downstream', { kind: SpanKind.CLIENT }, () => ({
        sent: errors.inject<Record<string, string>>({}),
        serverTraceId: server.traceId,
      })),
    ),
  );
}

/** The `tracestate` sent on after receiving `tracestate` (a line or lines) with a valid traceparent. */
function forwarded(tracestate: string | string[]): string | undefined {
  const { sent, serverTraceId } = relay({ traceparent, tracestate });
  // An invalid tracestate never breaks the trace.
  expect(serverTraceId).toBe(traceId);
  expect(sent.traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
  return sent.tracestate;
}

const members = (from: number, to: number): string[] =>
  Array.from({ length: to - from + 1 }, (_, i) => `bar${String(from + i).padStart(2, '0')}=${from + i}`);

describe('tracestate keys', () => {
  it('accepts keys with @ anywhere but first, in any number', () => {
    expect(forwarded('foo@=1,bar=2')).toBe('foo@=1,bar=2');
    expect(forwarded('foo@@bar=1,bar=2')).toBe('foo@@bar=1,bar=2');
    expect(forwarded('foo@bar@baz=1,bar=2')).toBe('foo@bar@baz=1,bar=2');
    expect(forwarded('t@vvvvvvvvvvvvvvv=1')).toBe('t@vvvvvvvvvvvvvvv=1');
  });

  it('accepts keys that start with a digit and hold every allowed character', () => {
    const key = 'abcdefghijklmnopqrstuvwxyz0123456789_-*/@';
    expect(forwarded(`1vendor=1,${key}=2,0=3`)).toBe(`1vendor=1,${key}=2,0=3`);
  });

  it('discards the whole header for a key starting with @, or with a character outside the grammar', () => {
    for (const bad of ['@foo=1', 'FOO=1', 'Foo=1', 'foo.bar=1', 'foo =1', 'fo o=1', '_foo=1', 'fö=1', '=1']) {
      expect(forwarded(`${bad},bar=2`), bad).toBeUndefined();
      expect(forwarded(`bar=2,${bad}`), bad).toBeUndefined();
    }
  });

  it('accepts a key of 256 characters, @ included, and discards the header for 257', () => {
    const longest = 'z'.repeat(256);
    expect(forwarded(['foo=1', `${longest}=1`])).toBe(`foo=1,${longest}=1`);
    const withAt = `${'t'.repeat(242)}@v`;
    expect(forwarded(['foo=1', `${withAt}=1`])).toBe(`foo=1,${withAt}=1`);
    const atAt256 = `${'t'.repeat(241)}@${'v'.repeat(14)}`;
    expect(atAt256).toHaveLength(256);
    expect(forwarded(['foo=1', `${atAt256}=1`])).toBe(`foo=1,${atAt256}=1`);

    expect(forwarded(['foo=1', `${'z'.repeat(257)}=1`])).toBeUndefined();
    expect(forwarded(['foo=1', `${'t'.repeat(254)}@vv=1`])).toBeUndefined();
  });
});

describe('tracestate values', () => {
  it('accepts every allowed character, keeps leading spaces and drops trailing ones (they are OWS)', () => {
    const all = Array.from({ length: 0x7e - 0x20 + 1 }, (_, i) => String.fromCharCode(0x20 + i))
      .filter((char) => char !== ',' && char !== '=')
      .join('');
    expect(forwarded(`foo=${all}`)).toBe(`foo=${all}`);
    expect(forwarded('foo=  x y,bar=2')).toBe('foo=  x y,bar=2');
    expect(forwarded('foo=1  \t,bar=2 ')).toBe('foo=1,bar=2');
  });

  it('accepts a value of 256 characters and discards the header for 257', () => {
    expect(forwarded(`foo=${'v'.repeat(256)},bar=2`)).toBe(`foo=${'v'.repeat(256)},bar=2`);
    expect(forwarded(`foo=${'v'.repeat(257)},bar=2`)).toBeUndefined();
  });

  it('discards the whole header for an empty value, a value with = or a character outside the grammar', () => {
    for (const bad of ['foo=', 'foo=  ', 'foo=bar=baz', 'foo==', 'foo', 'foo=a\tb', 'foo=caf\u00e9', 'foo=a\u007fb']) {
      expect(forwarded(`${bad},bar=3`), JSON.stringify(bad)).toBeUndefined();
      expect(forwarded(['bar=3', bad]), JSON.stringify(bad)).toBeUndefined();
    }
  });
});

describe('tracestate lists', () => {
  it('combines header lines in order', () => {
    expect(forwarded(['foo=1,bar=2', 'rojo=1,congo=2', 'baz=3'])).toBe('foo=1,bar=2,rojo=1,congo=2,baz=3');
    // node:http joins repeated lines of req.headers with ", ".
    expect(forwarded('foo=1,bar=2, rojo=1,congo=2, baz=3')).toBe('foo=1,bar=2,rojo=1,congo=2,baz=3');
  });

  it('propagates 32 members, spread over lines, and discards the header for 33', () => {
    const lines = [members(1, 10), members(11, 20), members(21, 30), members(31, 32)].map((part) => part.join(','));
    expect(forwarded(lines)).toBe(members(1, 32).join(','));
    expect(forwarded([...lines.slice(0, 3), members(31, 33).join(',')])).toBeUndefined();
    expect(forwarded(members(1, 33).join(','))).toBeUndefined();
  });

  it('ignores spaces and tabs around members, and empty members, which do not count toward 32', () => {
    expect(forwarded('foo=1 \t , \t bar=2, \t baz=3')).toBe('foo=1,bar=2,baz=3');
    expect(forwarded('\t foo=1 \t')).toBe('foo=1');
    expect(forwarded(',, foo=1 ,\t, ,bar=2,')).toBe('foo=1,bar=2');
    expect(forwarded(['', 'foo=1', ' ', ''])).toBe('foo=1');
    expect(forwarded(`, ,${members(1, 32).join(', ,')},,`)).toBe(members(1, 32).join(','));
  });

  it('writes no tracestate for an empty or whitespace-only header, and keeps the traceparent', () => {
    for (const empty of ['', ' ', ' , \t,', ['', ' ']]) {
      expect(forwarded(empty), JSON.stringify(empty)).toBeUndefined();
    }
  });

  it('keeps the first of repeated keys, which is the most recently updated', () => {
    expect(forwarded('foo=1,bar=2,foo=3')).toBe('foo=1,bar=2');
    expect(forwarded(['foo=1', 'foo=2'])).toBe('foo=1');
  });

  it('propagates a valid list longer than 512 characters whole', () => {
    const first = `${'a'.repeat(256)}=${'1'.repeat(256)}`;
    const second = `${'b'.repeat(256)}=${'2'.repeat(256)}`;
    expect(forwarded([first, second, 'c=3'])).toBe(`${first},${second},c=3`);
  });

  it('discards the whole header when any line is invalid', () => {
    expect(forwarded(['foo=1', 'bar=2', 'baz'])).toBeUndefined();
  });
});

describe('tracestate and traceparent', () => {
  it('ignores tracestate without a valid traceparent: a new trace starts without it', () => {
    for (const incoming of [{ tracestate: 'foo=1' }, { traceparent: `00-${'0'.repeat(32)}-${parentId}-01`, tracestate: 'foo=1' }]) {
      const { sent, serverTraceId } = relay(incoming);
      expect(serverTraceId).not.toBe(traceId);
      expect(serverTraceId).not.toBe('0'.repeat(32));
      expect(sent.traceparent).toMatch(new RegExp(`^00-${serverTraceId}-[0-9a-f]{16}-0[01]$`));
      expect(sent.tracestate).toBeUndefined();
    }
  });

  it('reads the header under any case of its name', () => {
    const { sent } = relay({ traceparent, TraceState: 'foo@=1' });
    expect(sent.tracestate).toBe('foo@=1');
  });

  it('never throws on values that are not header strings', () => {
    for (const tracestate of [42, [42], [['foo=1']], null, {}, 'x'.repeat(100_000), ','.repeat(100_000)]) {
      const { sent, serverTraceId } = relay({ traceparent, tracestate } as unknown as Carrier);
      expect(serverTraceId).toBe(traceId);
      expect(sent.tracestate).toBeUndefined();
    }
  });
});

describe('tracestate on the span context', () => {
  it('is an OpenTelemetry TraceState holding every received member, on the remote parent and the spans under it', () => {
    const { errors, spans, exporter } = createHarness();
    const remote = errors.extract({ traceparent, tracestate: 'foo@=1,bar=2' }, () =>
      spans.withSpan('GET /', { kind: SpanKind.SERVER }, () => trace.getSpanContext(context.active())),
    );
    expect(remote?.traceState?.get('foo@')).toBe('1');
    const [server] = exporter.spans();
    expect(server?.parentSpanContext?.traceState?.serialize()).toBe('foo@=1,bar=2');
    expect(server?.spanContext().traceState?.get('foo@')).toBe('1');
    expect(server?.spanContext().traceState?.get('bar')).toBe('2');
  });

  it('moves an updated or added member to the front and keeps the order of the others', () => {
    const { errors } = createHarness();
    const sentWith = (update: (state: TraceState) => TraceState) =>
      errors.extract({ traceparent, tracestate: 'a@=1,b=2,c=3' }, () => {
        const remote = trace.getSpanContext(context.active());
        if (remote?.traceState === undefined) throw new Error('no tracestate extracted');
        const updated = trace.setSpanContext(context.active(), { ...remote, traceState: update(remote.traceState) });
        return context.with(updated, () => errors.inject<Record<string, string>>({}).tracestate);
      });
    expect(sentWith((state) => state.set('b', '9'))).toBe('b=9,a@=1,c=3');
    expect(sentWith((state) => state.set('new@', 'x'))).toBe('new@=x,a@=1,b=2,c=3');
    expect(sentWith((state) => state.unset('a@'))).toBe('b=2,c=3');
    expect(sentWith((state) => state.unset('a@').unset('b').unset('c'))).toBeUndefined();
    // An invalid key or value leaves the list as it was.
    expect(sentWith((state) => state.set('@x', '1').set('x', 'a=b'))).toBe('a@=1,b=2,c=3');
  });

  it('drops the rightmost member when an added one would make 33', () => {
    const { errors } = createHarness();
    const sent = errors.extract({ traceparent, tracestate: members(1, 32).join(',') }, () => {
      const remote = trace.getSpanContext(context.active());
      const traceState = remote?.traceState?.set('mine', 'x');
      return context.with(trace.setSpanContext(context.active(), { ...remote!, traceState }), () => errors.inject<Record<string, string>>({}));
    });
    expect(sent.tracestate).toBe(['mine=x', ...members(1, 31)].join(','));
  });

  it('injects a TraceState from elsewhere (for example @opentelemetry/core) as it serializes', () => {
    const { errors } = createHarness();
    const spanContext = { traceId, spanId: parentId, traceFlags: 1, traceState: new CoreTraceState('rojo=1,congo=2') };
    const sent = context.with(trace.setSpanContext(context.active(), spanContext), () => errors.inject<Record<string, string>>({}));
    expect(sent).toEqual({ traceparent, tracestate: 'rojo=1,congo=2' });
  });
});
