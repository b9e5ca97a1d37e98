import { isTraceStateKey, isTraceStateValue, MAX_TRACE_STATE_MEMBERS } from './traceStateGrammar.js';
import { TraceStateList } from './traceStateList.js';

const SPACE = 0x20;
const TAB = 0x09;

/** `text` without the spaces and tabs (OWS) around it; other whitespace is not OWS and stays. */
function trimOws(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && (text.charCodeAt(start) === SPACE || text.charCodeAt(start) === TAB)) start++;
  while (end > start && (text.charCodeAt(end - 1) === SPACE || text.charCodeAt(end - 1) === TAB)) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

/**
 * Adds the members of one header line to `members`; returns the new member count, or -1 when
 * the line holds an invalid member or the count passes 32. Empty and whitespace-only members
 * are allowed and not counted: they appear when senders merge lines (RFC 9110 §5.6.1).
 */
function addLine(line: string, members: Map<string, string>, count: number): number {
  for (const part of line.split(',')) {
    const member = trimOws(part);
    if (member === '') continue;
    if (++count > MAX_TRACE_STATE_MEMBERS) return -1;
    const equals = member.indexOf('=');
    if (equals === -1) return -1;
    const key = member.slice(0, equals);
    const value = member.slice(equals + 1);
    if (!isTraceStateKey(key) || !isTraceStateValue(value)) return -1;
    // A repeated key keeps its leftmost (most recently updated) value; the spec lets receivers drop duplicates.
    if (!members.has(key)) members.set(key, value);
  }
  return count;
}

/**
 * The `tracestate` list of a header, whole or not at all: its lines (a string, or an array of
 * lines as `headersDistinct` gives them) are combined in order, and one invalid member, or more
 * than 32 members, discards every member. `undefined` for an invalid, empty or missing header,
 * or a value that is not a string. Never throws.
 */
export function parseTraceState(header: unknown): TraceStateList | undefined {
  if (header === undefined || header === '') return undefined;
  const members = new Map<string, string>();
  let count = 0;
  if (typeof header === 'string') {
    count = addLine(header, members, count);
  } else if (Array.isArray(header)) {
    for (const line of header) {
      count = typeof line === 'string' ? addLine(line, members, count) : -1;
      if (count === -1) break;
    }
  }
  return count <= 0 ? undefined : new TraceStateList(members);
}
