// Soft hyphens in long words, for the room screen. CSS `hyphens: auto` does the job where the
// browser has a dictionary for the page's language (Chrome on Windows, macOS and Android);
// Chromium on Linux has none and would break "leerlingbegeleidingscoördinator" at any
// letter. So words of 13 letters or more get soft hyphens (U+00AD) at rough syllable
// boundaries: the browser breaks there only when it must, and then shows a hyphen.
// The rule is simple Dutch/English syllabification: between two vowel groups, a single
// consonant goes to the next syllable, of two or more the last one does (or the last two,
// when they make an onset such as "pl", "tr" or "sch"). It is never worse than a break at
// a random letter, and it never changes the text but for the invisible soft hyphens.
// A linking "s" inside a cluster of three or more consonants ends its syllable.

const SHY = '\u00ad';
const VOWEL = /[aeiouyàáâäèéêëìíîïòóôöùúûü]/i;
const LETTER = /\p{L}/u;
const ONSETS = new Set(['bl', 'br', 'ch', 'cl', 'cr', 'dr', 'fl', 'fr', 'gl', 'gr', 'kl', 'kn', 'kr',
  'pl', 'pr', 'sc', 'sch', 'schr', 'sl', 'sm', 'sn', 'sp', 'spr', 'st', 'str', 'th', 'tr', 'vl', 'vr', 'wr']);
const MIN_WORD = 13;
const EDGE = 3;   // letters kept together at either end of a word

export function softHyphens(text) {
  if (typeof text !== 'string' || text.length < MIN_WORD) return text;
  return text.replace(/\p{L}{13,}/gu, hyphenateWord);
}

function hyphenateWord(word) {
  const chars = [...word];
  const cuts = new Set();
  let i = 0;
  // Walk vowel group, consonant group, vowel group…
  while (i < chars.length && !VOWEL.test(chars[i])) i += 1;
  while (i < chars.length) {
    while (i < chars.length && VOWEL.test(chars[i])) i += 1;
    const c0 = i;
    while (i < chars.length && !VOWEL.test(chars[i]) && LETTER.test(chars[i])) i += 1;
    if (i >= chars.length) break;          // the word ends in consonants: no cut there
    const cons = chars.slice(c0, i).join('').toLowerCase();
    let cut;
    if (cons.length <= 1) cut = c0;
    else if (cons.length >= 3 && cons.indexOf('s', 1) > 0 && cons.indexOf('s', 1) < cons.length - 1) {
      // A linking s (Dutch compounds: "werkings|verbanden", "arbeids|markt") ends the syllable.
      cut = c0 + cons.indexOf('s', 1) + 1;
    } else {
      cut = i - 1;
      for (let k = Math.min(4, cons.length - 1); k >= 2; k -= 1) {
        if (ONSETS.has(cons.slice(-k))) { cut = i - k; break; }
      }
    }
    if (cut >= EDGE && chars.length - cut >= EDGE) cuts.add(cut);
  }
  if (!cuts.size) return word;
  return chars.map((ch, k) => (cuts.has(k) ? SHY + ch : ch)).join('');
}
