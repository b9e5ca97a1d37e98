import { describe, expect, it } from 'vitest';
import { EventNames, MAX_IDLE_EVENTS } from '../../src/sampled/eventName.js';
import type { EventNode } from '../../src/sampled/eventNode.js';
import type { AttachedHandler } from '../../src/sampled/handlerTable.js';

const someHandler = {} as AttachedHandler;

describe('forgetting idle event names', () => {
  it.each<[string, (node: EventNode) => void, boolean]>([
    ['nothing', () => {}, true],
    ['no handler any more', (node) => void (node.handlers = []), true],
    ['an emptied dedup window map', (node) => void (node.dedupWindows = new Map()), true],
    ['an emptied batch map', (node) => void (node.batches = new Map()), true],
    ['a handler', (node) => void (node.handlers = [someHandler]), false],
    ['an open dedup window', (node) => void (node.dedupWindows = new Map([['key', {} as never]])), false],
    ['an open batch', (node) => void (node.batches = new Map([['key', {} as never]])), false],
  ])(
    'an event holding %s is forgotten among many other names: %s',
    (_label, give, forgotten) => {
      const names = new EventNames();
      const node = names.lookup('watched.event', 'event');
      give(node);
      for (let index = 0; index <= MAX_IDLE_EVENTS; index++) names.lookup(`other.${index}`, 'event');
      expect(node.forgotten).toBe(forgotten);
      expect(names.lookup('watched.event', 'event') === node).toBe(!forgotten);
    },
  );
});
