// A realistic table of eight, seated from node over the WebSocket (the protocol tests'
// client): names and backgrounds of the model template, and notes with the long Dutch
// compound words that real tables write.
import { Client } from '../../protocol/lib/client.mjs';

export const LONG_WORDS = ['ontwikkelingsperspectiefplan', 'samenwerkingsverbanden', 'leerlingbegeleidingscoördinator'];

export const NAMES = ['Annelies', 'Bram', 'Chantal', 'Dirk-Jan', 'Esra', 'Femke', 'Gerrit', 'Hanneke'];

export const NOTE_TEXTS = [
  'Het ontwikkelingsperspectiefplan schrijven kost elke OOP’er uren die niemand ziet',
  'Voelt zich gezien als de leerlingbegeleidingscoördinator haar inbreng vraagt',
  'Zegt: “Ik weet eigenlijk niet wat er van mij verwacht wordt”',
  'Doet veel extra werk in de samenwerkingsverbanden zonder erkenning',
  'Denkt dat doorgroeien alleen kan met een lerarenopleiding',
  'Voelt zich onzeker over het eigen takenpakket',
  'Zegt weinig in teamvergaderingen',
  'Regelt de praktische zaken rond de klas',
];

const srvOf = (base) => ({ wsUrl: `${base.replace(/^http/, 'ws')}/ws` });

// Seats `n` participants (default 8); returns the clients, each with .you.
export async function seatTable(base, code, backgrounds, n = 8) {
  const people = [];
  for (let i = 0; i < n; i += 1) {
    const c = await Client.connect(srvOf(base), { label: NAMES[i] || `p${i}` });
    await c.join({ code, name: NAMES[i] || `Deelnemer ${i + 1}`, background: backgrounds[i % backgrounds.length] });
    people.push(c);
  }
  return people;
}

// The facilitator over the wire (to drive phases from node while a browser watches).
export async function facilitatorClient(base, s) {
  const c = await Client.connect(srvOf(base), { label: 'fac-ws' });
  await c.join({ code: s.code, facilitator_key: s.facilitator_key });
  return c;
}

export async function closeAll(clients) {
  for (const c of clients) { try { await c.close(); } catch { /* gone */ } }
}
