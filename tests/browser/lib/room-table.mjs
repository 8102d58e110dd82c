// A realistic table of eight for the room-screen tests (room-screen.test.mjs), filled over
// WebSocket from node: 40 notes per empathy map (ten per quadrant), 12 bad ideas with essences, 13 ideal ideas,
// five directions holding twenty of the 25 ideas, 22 of the 24 dots (one
// participant spends one of three), elaborations and a
// summary. Texts are what a table writes, long Dutch compounds included.
import { Client } from '../../protocol/lib/client.mjs';

export const PEOPLE = [
  ['Annemarie van der Heijden-Bakker', 'OOP'], ['Bram de Vries', 'Leraar (OP)'], ['Chantal Oosterhuis', 'Schoolleider'],
  ['Dirk-Jan Brinkman', 'OOP'], ['Esther Yılmaz', 'Medewerker raad'], ['Farid El Amrani', 'Medewerker bond'],
  ['Gerda Zwart', 'Leraar (OP)'], ['Wilhelmina Schimmelpenninck', 'OOP'],
];

export const LONG_WORDS = ['ontwikkelingsperspectiefplan', 'samenwerkingsverbanden', 'arbeidsmarkttoelage',
  'leerlingbegeleidingscoördinator'];

const EMPATHY = {
  thinks: [
    'Ben ik eigenlijk wel een volwaardig lid van het team?',
    'Waarom word ik nooit uitgenodigd bij het ontwikkelingsperspectiefplan van mijn leerlingen?',
    'Ik kan veel meer dan kopiëren en surveilleren.',
    'Als ik nu geen opleiding kan volgen, zit ik over tien jaar nog op dezelfde plek.',
    'De leerlingbegeleidingscoördinator weet niet wat ik allemaal doe.',
    'Mijn contract loopt in juli af; blijf ik wel?',
    'Leraren zien niet hoeveel ik in de klas opvang.',
    'Ik wil graag doorgroeien naar leraar, maar kan dat financieel niet.',
    'Mijn ervaring met de samenwerkingsverbanden wordt niet gebruikt.',
    'Het takenpakket verandert elk schooljaar weer.',
  ],
  feels: [
    'Onzeker over de toekomst.',
    'Trots als een leerling bij mij tot rust komt.',
    'Niet gezien door de directie.',
    'Overvraagd in de drukke weken voor de toetsen.',
    'Gefrustreerd dat de arbeidsmarkttoelage alleen voor leraren geldt.',
    'Betrokken bij de leerlingen, minder bij de school.',
    'Soms eenzaam: er is geen vaste plek om te werken.',
    'Blij met collega’s die wél om mijn mening vragen.',
    'Moe van steeds weer uitleggen wat mijn functie is.',
    'Gewaardeerd door ouders, niet door de organisatie.',
  ],
  says: [
    '„Dat hoort eigenlijk niet bij mijn taak.”',
    '„Ik doe het wel even.”',
    '„Mag ik ook bij het leerlingoverleg zijn?”',
    '„Wie bepaalt eigenlijk wat ik moet doen?”',
    '„Ik heb daar een idee over, als iemand het wil horen.”',
    '„Bij de vorige school had ik een eigen budget voor scholing.”',
    '„Kunnen we het rooster samen maken?”',
    '„Ik wil best meer doen, maar dan wel erkend.”',
    '„De leraar vraagt het op het laatste moment.”',
    '„Ik ben geen invaller.”',
  ],
  does: [
    'Vangt leerlingen op die uit de klas zijn gestuurd.',
    'Bereidt practica voor en ruimt ze op.',
    'Springt in bij ziekte van een leraar, zonder bevoegdheid.',
    'Houdt zelf bij welke leerlingen extra begeleiding nodig hebben.',
    'Volgt in eigen tijd een cursus.',
    'Zoekt contact met ouders als de leraar geen tijd heeft.',
    'Schrijft mee aan het ontwikkelingsperspectiefplan zonder dat het zo heet.',
    'Regelt de ICT in de klas.',
    'Werkt mee aan de samenwerkingsverbanden rond passend onderwijs.',
    'Blijft na schooltijd om de ruimte klaar te zetten.',
  ],
};

const BAD = [
  ['Alle OOP’ers ontslaan en vervangen door robots', 'Ondersteuning in de klas is onmisbaar'],
  ['OOP’ers alleen laten kopiëren', 'Heldere taken die bij de expertise passen'],
  ['Geen salaris, alleen een bedankje op de nieuwsbrief', 'Waardering zichtbaar maken'],
  ['Leraren mogen OOP’ers ruilen als voetbalplaatjes', 'Inzet van OOP schoolbreed afstemmen'],
  ['Elke OOP’er krijgt twintig klassen', 'Een werkbare verdeling van de taken'],
  ['De arbeidsmarkttoelage gaat naar de directie', 'Financiële ruimte eerlijk verdelen'],
  ['OOP’ers zitten nooit bij het overleg', 'OOP hoort bij het overleg over leerlingen'],
  ['Scholing alleen in het weekend en zelf betalen', 'Scholing in werktijd, betaald'],
  ['Geen functieomschrijving, dan kan alles', 'Een duidelijke functieomschrijving'],
  ['Iedereen krijgt de titel leerlingbegeleidingscoördinator', 'Loopbaanstappen met betekenis'],
  ['OOP werkt in de kelder zonder daglicht', 'Een eigen werkplek'],
  ['Het samenwerkingsverband beslist alles over OOP', 'Samenwerkingsverbanden betrekken, niet laten beslissen'],
];

const IDEAL = [
  'Elke school een gedragen visie op de rol van OOP',
  'Een landelijk beroepsprofiel voor onderwijsassistenten',
  'Doorgroeiroute van OOP’er naar leraar met behoud van salaris',
  'OOP’ers zitten standaard bij het leerlingoverleg',
  'Vaste overlegtijd per week tussen leraar en OOP’er',
  'Scholingsbudget per OOP’er, net als voor leraren',
  'Een eigen werkplek voor OOP in elk gebouw',
  'De arbeidsmarkttoelage ook voor OOP',
  'Samen opleiden in de lerarenopleiding: interprofessioneel samenwerken',
  'OOP’ers als expert betrekken bij het ontwikkelingsperspectiefplan',
  'Vaste contracten in plaats van tijdelijke aanstellingen',
  'Een mentor voor elke nieuwe OOP’er',
  'Jaarlijks een gesprek over ambities en loopbaan',
];

export const DIRECTIONS = [
  ['Visie en erkenning van OOP', 'Elke school legt samen vast wat OOP betekent. Het MT betrekt OOP’ers bij overleg en bij het ontwikkelingsperspectiefplan; waardering wordt zichtbaar.'],
  ['Duidelijk takenpakket', 'Een functieomschrijving die past bij de expertise, met een werkbare verdeling die elk jaar samen wordt bekeken.'],
  ['Doorgroeien en scholing', 'Scholing in werktijd met een eigen budget, en een route van OOP’er naar leraar zonder salarisverlies.'],
  ['Samen opleiden', 'Lerarenopleiding en OOP-opleiding leren samenwerken; de samenwerkingsverbanden helpen met stageplekken.'],
  ['Financiële ruimte', 'De arbeidsmarkttoelage en andere middelen eerlijk verdelen, met vaste contracten als uitgangspunt.'],
];

export const SUMMARY = 'De tafel ziet vijf richtingen. Bovenaan staat een gedragen visie op OOP met zichtbare waardering, '
  + 'gevolgd door een duidelijk takenpakket en doorgroeimogelijkheden. Afgesproken is dat de schoolleiders dit '
  + 'meenemen naar het bestuur en dat de bond en de raad een vervolgbijeenkomst organiseren met de '
  + 'leerlingbegeleidingscoördinatoren en de samenwerkingsverbanden.';

export async function connect(srv, code, params, label) {
  const c = await Client.connect(srv, { url: `ws://127.0.0.1:${srv.port}/ws`, label });
  await c.join({ code, ...params });
  return c;
}

// Joins the eight and the facilitator. Returns {fac, people: [client]}.
export async function seat(srv, s) {
  const fac = await connect(srv, s.code, { facilitator_key: s.facilitator_key }, 'facilitator');
  const people = [];
  for (const [name, background] of PEOPLE) people.push(await connect(srv, s.code, { name, background }, name));
  return { fac, people };
}

// Writes the empathy map of phase `index`: ten notes per quadrant, spread over the eight.
export async function fillEmpathy(table, index) {
  const ids = [];
  let k = 0;
  for (const q of Object.keys(EMPATHY)) {
    for (const text of EMPATHY[q]) {
      const who = table.people[k % table.people.length];
      k += 1;
      ids.push((await who.ok({ type: 'note.add', phase: index, quadrant: q, text })).id);
    }
  }
  return ids;
}

export async function fillBad(table, index) {
  const ids = [];
  for (const [i, [text]] of BAD.entries()) {
    ids.push((await table.people[i % 8].ok({ type: 'note.add', phase: index, text })).id);
  }
  return ids;
}

export async function essences(table, ids) {
  for (const [i, id] of ids.entries()) {
    await table.people[(i + 3) % 8].ok({ type: 'note.essence', id, text: BAD[i][1] });
  }
}

export async function fillIdeal(table, index) {
  const ids = [];
  for (const [i, text] of IDEAL.entries()) {
    ids.push((await table.people[(i + 5) % 8].ok({ type: 'note.add', phase: index, text })).id);
  }
  return ids;
}

// Five directions; twenty of the 25 ideas placed, five left loose.
export async function cluster(table, badIds, idealIds) {
  const fac = table.fac;
  const cids = [];
  for (const [title] of DIRECTIONS) cids.push((await fac.ok({ type: 'cluster.add', title })).id);
  const place = [
    [badIds[2], 0], [badIds[6], 0], [idealIds[0], 0], [idealIds[3], 0], [idealIds[9], 0],
    [badIds[1], 1], [badIds[4], 1], [badIds[8], 1], [idealIds[1], 1],
    [badIds[7], 2], [badIds[9], 2], [idealIds[2], 2], [idealIds[5], 2], [idealIds[12], 2],
    [idealIds[8], 3], [badIds[11], 3], [idealIds[11], 3],
    [badIds[5], 4], [idealIds[7], 4], [idealIds[10], 4],
  ];
  for (const [id, c] of place) await fac.ok({ type: 'note.move', id, cluster: cids[c] });
  return cids;
}

// 22 of the 24 dots: 11, 5, 3, 2, 1.
export async function vote(table, cids) {
  const plan = [[0, 0, 0], [0, 0, 1], [0, 0, 1], [0, 1, 2], [0, 1, 2], [0, 1, 3], [0, 2, 3], [4]];
  for (const [i, dots] of plan.entries()) {
    for (const c of dots) await table.people[i].ok({ type: 'vote', cluster: cids[c], delta: 1 });
  }
}

export async function elaborate(table, cids) {
  for (const [i, [title, description]] of DIRECTIONS.entries()) {
    await table.fac.ok({ type: 'cluster.edit', id: cids[i], title, description });
  }
}
