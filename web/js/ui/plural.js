// "2 schoolleiders", "3 teachers": a count with a background's name in the plural. The names
// come from templates (nouns like "Schoolleider", "Leraar (OP)", "Medewerker raad"), so the
// plural is made by a few rules of the language, on the word that is the noun; an
// abbreviation in capitals ("OOP") keeps its letters.
const NL_ADJECTIVES = new Set(['intern', 'interne', 'extern', 'externe', 'adjunct', 'zelfstandig', 'zelfstandige']);

function nlWord(w) {
  if (/^[A-Z]{2,}$/.test(w)) return `${w}’ers`;
  if (/aar$/.test(w)) return w.replace(/aar$/, 'aren');          // leraar -> leraren
  if (/(e|el|em|en|er|je|ie|um)$/.test(w)) return `${w}s`;       // schoolleider -> schoolleiders
  if (/[aiouy]$/.test(w)) return `${w}’s`;                          // opa -> opa’s
  return `${w}en`;                                                  // docent -> docenten
}

function enWord(w) {
  if (/^[A-Z]{2,}$/.test(w)) return `${w}s`;
  if (/(staff|people|s)$/i.test(w)) return w;
  if (/[^aeiou]y$/.test(w)) return w.replace(/y$/, 'ies');
  if (/(x|ch|sh)$/.test(w)) return `${w}es`;
  return `${w}s`;
}

// Lower case for a common noun, kept for names and abbreviations ("OOP", "PO-raad").
function lowerFirst(s) {
  return /^[A-Z][a-z]/.test(s) ? s[0].toLowerCase() + s.slice(1) : s;
}

export function pluralOf(label, language = 'nl') {
  const words = String(label).split(' ');
  if (language === 'en') {
    // English puts the noun last: "School leader" -> "school leaders".
    const i = words.length - 1;
    words[i] = enWord(words[i]);
  } else {
    // Dutch labels name the noun first ("Medewerker raad"), after an adjective if any.
    const i = words.length > 1 && NL_ADJECTIVES.has(words[0].toLowerCase()) ? 1 : 0;
    const m = /^([^(]*?)([.,)]*)$/.exec(words[i]);
    words[i] = nlWord(m[1]) + m[2];
  }
  return lowerFirst(words.join(' '));
}

// The singular in lower case too, so one line reads "1 medewerker raad · 2 schoolleiders",
// not "1 Medewerker raad · 2 schoolleiders".
export function countNoun(n, label, language = 'nl') {
  return n === 1 ? `1 ${lowerFirst(String(label))}` : `${n} ${pluralOf(label, language)}`;
}
