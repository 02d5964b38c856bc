/** The quick-first policy shared by the reader pool and the review service's queue. */
import { describe, expect, it } from 'vitest';
import { QuickFirstLine } from '../src/quick-first.ts';

describe('QuickFirstLine', () => {
  it('starts quick items first, lets at most passLimit of them pass a waiting slow one, and not places kept for quick ones', () => {
    const line = new QuickFirstLine<string>(2);
    for (const x of ['s1', 'q1', 'q2', 'q3', 's2', 'q4']) line.push(x, x.startsWith('q'));
    const order: string[] = [];
    const shared = () => ({ place: 0, shared: true });
    for (let t = line.next(shared); t; t = line.next(shared)) order.push(t.item);
    expect(order).toEqual(['q1', 'q2', 's1', 'q3', 'q4', 's2']);
    // Quick items in places of their own pass no one: the slow one is not held back further.
    for (const x of ['s3', 'q5', 'q6', 'q7']) line.push(x, x.startsWith('q'));
    expect(line.next(() => ({ place: 0, shared: false }))!.item).toBe('q5');
    expect(line.next(() => ({ place: 0, shared: false }))!.item).toBe('q6');
    expect(line.quickMayPass()).toBe(true);
    expect(line.remove('s3')).toBe(true);
    expect(line.length).toBe(1);
  });
});
