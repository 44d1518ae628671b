/**
 * @module A light English stemmer for intent search: it folds plurals and -ed/-ing forms so that
 * "chatted", "chats" and "chat" meet. It only has to be consistent (the catalogue and the request go
 * through it alike), not linguistically exact; irregular forms ("sent") are synonyms in the manifest.
 */

const VOWEL = /[aeiouy]/;
/** A doubled final consonant left by -ed/-ing ("chatt"), except those English keeps doubled ("call", "miss", "buzz"). */
const DOUBLED = /([^aeiouslz])\1$/;

export function stem(word: string): string {
  if (word.length <= 3) return word;
  let out = plural(word);
  for (const suffix of ['ing', 'ed']) {
    const base = out.slice(0, -suffix.length);
    if (out.endsWith(suffix) && base.length >= 3 && VOWEL.test(base)) {
      out = DOUBLED.test(base) ? base.slice(0, -1) : base;
      break;
    }
  }
  // "creation" and "create" meet at "creat", "deletion" and "delete" at "delet".
  if (out.length >= 7 && out.endsWith('tion')) out = out.slice(0, -3);
  if (out.length >= 4 && out.endsWith('e')) out = out.slice(0, -1);
  return out;
}

function plural(word: string): string {
  if (word.endsWith('ies') || word.endsWith('ied')) return `${word.slice(0, -3)}y`;
  if (word.endsWith('sses')) return word.slice(0, -2);
  if (/(x|ch|sh|zz)es$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s') && !/(ss|us|is)$/.test(word)) return word.slice(0, -1);
  return word;
}
