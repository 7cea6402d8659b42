import type { Rng } from './random.ts';

/** Invented names only: whimsical combinations that belong to no real person. */
export const COUNTY_NAME = 'Kestrelshire';

const GIRLS = [
  'Tansy', 'Wren', 'Clover', 'Juniper', 'Marigold', 'Sorrel', 'Linnet', 'Briony', 'Tamsin', 'Posy', 'Elowen', 'Saffi',
  'Meadow', 'Willa', 'Primrose', 'Ottilie', 'Hazel', 'Pippa', 'Ivy', 'Luna', 'Nell', 'Maple', 'Fern', 'Celandine',
  'Blossom', 'Dulcie', 'Mirabel', 'Aster', 'Winnow', 'Sable', 'Bluebell', 'Lark', 'Pearl', 'Tilly', 'Skye', 'Ember',
  'Rosalind', 'Honesty', 'Cressida', 'Lavender', 'Marjoram', 'Perpetua', 'Quince', 'Verity', 'Zinnia', 'Coralie',
];
const BOYS = [
  'Bramble', 'Alder', 'Fennel', 'Rowan', 'Corin', 'Peregrin', 'Barnaby', 'Tobias', 'Jasper', 'Ferris', 'Orrin', 'Linus',
  'Hollis', 'Basil', 'Rufus', 'Caspian', 'Arlo', 'Bram', 'Cedric', 'Dorian', 'Edric', 'Felix', 'Godric', 'Hal', 'Ivo',
  'Jory', 'Kit', 'Lorcan', 'Merric', 'Ned', 'Oswin', 'Pip', 'Quentin', 'Roscoe', 'Silas', 'Tobin', 'Ulric', 'Wilf',
  'Yarrow', 'Thorne', 'Birch', 'Fitz', 'Hob', 'Lowen', 'Mungo', 'Piran',
];
const SURNAME_STARTS = [
  'Quill', 'Thistle', 'Bramble', 'Copper', 'Honey', 'Marsh', 'Moss', 'Fern', 'Apple', 'Wicken', 'Larch', 'Pebble',
  'Tumble', 'Briar', 'Hollow', 'Kettle', 'Bracken', 'Merry', 'Nettle', 'Puddle', 'Saffron', 'Tinder', 'Willow',
  'Gorse', 'Lantern', 'Button', 'Clover', 'Dapple', 'Sparrow', 'Mallow', 'Otter', 'Rook', 'Sloe', 'Teasel',
];
const SURNAME_ENDS = [
  'feather', 'wood', 'bank', 'thwaite', 'kettle', 'by', 'worth', 'wick', 'stone', 'ford', 'mere', 'dale', 'brook',
  'well', 'field', 'moor', 'lock', 'whistle', 'hatch', 'crest', 'vale', 'combe', 'bury', 'ridge',
];

export function forename(rng: Rng, sex: 'M' | 'F'): string {
  return rng.pick(sex === 'F' ? GIRLS : BOYS);
}

export function surname(rng: Rng): string {
  return rng.pick(SURNAME_STARTS) + rng.pick(SURNAME_ENDS);
}

export function personName(rng: Rng): string {
  return `${forename(rng, rng.chance(0.75) ? 'F' : 'M')} ${surname(rng)}`;
}

/** A placement postcode in the fictional "KS" area (no real UK postcode area uses KS). */
export function postcode(rng: Rng): string {
  const letters = 'ABDEFGHJLNPQRSTUWXYZ';
  return `KS${rng.int(1, 24)} ${rng.int(1, 9)}${letters[rng.int(0, letters.length - 1)]}${letters[rng.int(0, letters.length - 1)]}`;
}
