import { describe, expect, it } from 'vitest';
import { pageHref, paged } from './paging.ts';

const numbers = Array.from({ length: 130 }, (_, index) => index + 1);
const href = (page: number) => pageHref('/list', { team: 'T1', page: '9' }, page);

describe('paging a long list', () => {
  it('gives 50 at a time with GOV.UK pagination: previous, next, first, last and the pages beside', () => {
    const second = paged(numbers, '2', href);
    expect(second.items).toEqual(numbers.slice(50, 100));
    expect(second.showing).toBe('Showing 51 to 100 of 130');
    expect(second.pagination).toEqual({
      previous: { href: '/list?team=T1' },
      next: { href: '/list?team=T1&page=3' },
      items: [
        { number: 1, href: '/list?team=T1' },
        { number: 2, href: '/list?team=T1&page=2', current: true },
        { number: 3, href: '/list?team=T1&page=3' },
      ],
    });
  });

  it('marks gaps with an ellipsis, and reads a bad or past-the-end page as the nearest real one', () => {
    const many = Array.from({ length: 500 }, (_, index) => index);
    expect(paged(many, '5', href).pagination!.items.map((item) => ('ellipsis' in item ? '…' : item.number))).toEqual([1, '…', 4, 5, 6, '…', 10]);
    expect(paged(numbers, '99', href).items).toEqual(numbers.slice(100));
    expect(paged(numbers, 'x', href).items[0]).toBe(1);
    expect(paged(numbers, ['2'], href).items[0]).toBe(1);
  });

  it('needs no pagination when the list fits on one page', () => {
    expect(paged([1, 2], undefined, href)).toEqual({ items: [1, 2], pagination: undefined, showing: 'Showing 1 to 2 of 2' });
    expect(paged([], undefined, href).showing).toBe('None');
  });

  it('writes numbers of a thousand or more with commas', () => {
    const many = Array.from({ length: 1201 }, (_, index) => index);
    expect(paged(many, '24', href).showing).toBe('Showing 1,151 to 1,200 of 1,201');
  });
});
