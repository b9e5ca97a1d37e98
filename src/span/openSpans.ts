import type { SpansHealth } from './types.js';

/**
 * A member of an instance's list of open spans. The list is intrusive (each span holds
 * its neighbours) so that opening and closing a span is a few pointer writes: no hashing,
 * no allocation, on the hottest path of the library.
 */
export class OpenSpanLink {
  #previous: OpenSpanLink = this;
  #next: OpenSpanLink = this;

  /** Puts `entry` last in the circular list that `head` starts. */
  static append(head: OpenSpanLink, entry: OpenSpanLink): void {
    const last = head.#previous;
    entry.#previous = last;
    entry.#next = head;
    last.#next = entry;
    head.#previous = entry;
  }

  static unlink(entry: OpenSpanLink): void {
    entry.#previous.#next = entry.#next;
    entry.#next.#previous = entry.#previous;
    entry.#previous = entry;
    entry.#next = entry;
  }

  /** The entries after `head`, in order. */
  static entries(head: OpenSpanLink): OpenSpanLink[] {
    const entries: OpenSpanLink[] = [];
    for (let entry = head.#next; entry !== head; entry = entry.#next) entries.push(entry);
    return entries;
  }
}

/**
 * Counts span starts and ends of one instance and keeps the spans still open, so
 * `health().spans` is exact and shutdown can end what was never ended.
 */
export class OpenSpans<Handle extends OpenSpanLink> {
  readonly #head = new OpenSpanLink();
  #started = 0;
  #ended = 0;
  #doubleEnded = 0;

  opened(handle: Handle): void {
    this.#started++;
    OpenSpanLink.append(this.#head, handle);
  }

  /** Called once per opened handle. */
  closed(handle: Handle): void {
    this.#ended++;
    OpenSpanLink.unlink(handle);
  }

  endedTwice(): void {
    this.#doubleEnded++;
  }

  /** The spans open right now, oldest first (a copy: ending them changes the list). */
  list(): Handle[] {
    return OpenSpanLink.entries(this.#head) as Handle[];
  }

  health(): SpansHealth {
    return { started: this.#started, ended: this.#ended, open: this.#started - this.#ended, doubleEnded: this.#doubleEnded };
  }
}
