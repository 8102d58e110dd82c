// Hostile requests, table-driven. Every case is one frame sent by the role that could send a
// good version of it, in a phase where the good version would be accepted, so that only the
// hostile part is wrong. For each case:
//   - the reply has the documented code (and echoes the rid when it can),
//   - the connection stays open and still answers a good request (a cid resend, which
//     changes nothing; a screen join for connections that have not joined),
//   - nobody received an event, and a fresh facilitator join sees exactly the state and seq
//     of before (notes, clusters, phase, summary, timer, participants, revealed, seq).
// Frames are written as raw text so that JSON.stringify cannot tidy them (1e400, -0, NaN,
// duplicate keys, 10,000 levels of nesting, lone surrogate escapes).
import { test, describe, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, sleep } from './lib/server.mjs';
import { Client, participant, screen, newSession, setPhase, assertAllClean, closeAll, short } from './lib/client.mjs';

const J = (v) => JSON.stringify(v);

let srv;
const ctx = {};          // connections and ids of the setup
let baseline = null;     // {state, seq} seen by a fresh facilitator join
let ridNo = 0;

before(async () => {
  srv = await startServer();
  // Session A: the one that is attacked.
  const a = await newSession(srv, 'proto');
  ctx.code = a.code;
  ctx.key = a.key;
  ctx.F = a.fac;
  ctx.P = await participant(srv, a.code, 'Anna', 'Teacher', 'P');
  ctx.S = await screen(srv, a.code, 'S');
  ctx.nBad = (await ctx.F.ok({ type: 'note.add', phase: 3, text: 'a bad idea' })).id;
  await setPhase(ctx.F, 3, [ctx.P, ctx.S]);
  ctx.nBadP = (await ctx.P.ok({ type: 'note.add', phase: 3, text: 'Anna\'s bad idea' })).id;
  await setPhase(ctx.F, 4, [ctx.P, ctx.S]);
  ctx.nP = (await ctx.P.ok({ type: 'note.add', phase: 4, text: 'Anna writes' })).id;
  ctx.nF = (await ctx.F.ok({ type: 'note.add', phase: 4, text: 'the facilitator writes' })).id;
  ctx.canaryP = (await ctx.P.ok({ type: 'note.add', phase: 4, text: 'canary P', cid: 'canary-P' })).id;
  ctx.canaryF = (await ctx.F.ok({ type: 'note.add', phase: 4, text: 'canary F', cid: 'canary-F' })).id;
  ctx.nDel = (await ctx.P.ok({ type: 'note.add', phase: 4, text: 'soon gone' })).id;
  await ctx.P.ok({ type: 'note.delete', id: ctx.nDel });
  ctx.c1 = (await ctx.F.ok({ type: 'cluster.add', title: 'A cluster', description: 'of session A' })).id;
  await ctx.F.ok({ type: 'note.move', id: ctx.nP, cluster: ctx.c1 });
  await ctx.F.ok({ type: 'summary.set', text: 'A summary' });

  // Session B: its note and cluster ids are sent to session A.
  const b = await newSession(srv, 'proto');
  const pb = await participant(srv, b.code, 'Bert', 'Teacher', 'PB');
  await setPhase(b.fac, 4, [pb]);
  ctx.nB = (await pb.ok({ type: 'note.add', phase: 4, text: 'in session B' })).id;
  ctx.cB = (await b.fac.ok({ type: 'cluster.add', title: 'B cluster' })).id;
  ctx.B = [b.fac, pb];
  // wait until every client of A has seen every change, then take the baseline
  await ctx.S.waitEvent('summary.changed');
  await ctx.P.waitEvent('summary.changed');
  baseline = await snapshot();
  await settle(baseline.seq);
  const noteIds = baseline.state.notes.map((n) => n.id);
  const clusterIds = baseline.state.clusters.map((c) => c.id);
  assert.ok(!noteIds.includes(ctx.nB), `session B's note id ${ctx.nB} is not one of A's ${noteIds}`);
  assert.ok(!clusterIds.includes(ctx.cB), `session B's cluster id ${ctx.cB} is not one of A's ${clusterIds}`);
});
after(async () => { await closeAll(); await srv?.cleanup(); });
afterEach(() => assertAllClean());

/** What a fresh facilitator connection of session A sees; the connection is closed again. */
async function snapshot() {
  const c = await Client.connect(srv, { label: 'snapshot' });
  const r = await c.ok({ type: 'join', code: ctx.code, facilitator_key: ctx.key });
  await c.close();
  const { server_time: _t, ...state } = r.state;
  return { state, seq: r.seq };
}

/**
 * A request as raw JSON text. `fields` maps names to raw JSON value text (so '1e400' stays
 * 1e400); a rid is added first unless fields has one (or rid: null leaves it out).
 */
function raw(type, fields = {}, rid = `h${++ridNo}`) {
  const parts = [`"type":${J(type)}`];
  if (rid !== null && !('rid' in fields)) parts.push(`"rid":${J(rid)}`);
  for (const [k, v] of Object.entries(fields)) parts.push(`${J(k)}:${v}`);
  return { text: `{${parts.join(',')}}`, rid: 'rid' in fields ? undefined : rid };
}
const nest = (n, open, close, inner = '1') => open.repeat(n) + inner + close.repeat(n);
const bigDigits = `1${'0'.repeat(400)}`;

// Each case: who sends (P participant, F facilitator, S screen, fresh: a connection that has
// not joined), the phase session A is in, the frame (a function of ctx giving {text, rid}
// or a string), and the expected answer: an error code, or {ok: id-function}.
// rid: 'echo' (the default when the frame has one), 'none' (bad_json cannot echo), or
// 'maybe' (a rid that is not a string or number: echoed unchanged or left out).
const cases = [
  // -- not a JSON object
  { name: 'truncated JSON (inside a string)', who: 'P', frame: () => '{"type":"note.add","rid":"t1","phase":4,"text":"half', expect: 'bad_json' },
  { name: 'truncated JSON (after a comma)', who: 'P', frame: () => '{"type":"note.add","rid":"t2",', expect: 'bad_json' },
  { name: 'empty frame', who: 'P', frame: () => '', expect: 'bad_json' },
  { name: 'array instead of object', who: 'P', frame: (c) => `[${raw('note.add', { phase: '4', text: J('in an array') }).text}]`, expect: 'bad_json' },
  { name: 'a JSON string', who: 'P', frame: () => '"note.add"', expect: 'bad_json' },
  { name: 'a JSON number', who: 'P', frame: () => '4', expect: 'bad_json' },
  { name: 'null', who: 'F', frame: () => 'null', expect: 'bad_json' },
  { name: '10,000 nested arrays', who: 'P', frame: () => nest(10000, '[', ']'), expect: 'bad_json' },
  { name: '10,000 nested arrays as note text', who: 'P', frame: () => `{"type":"note.add","rid":"deep","phase":4,"text":${nest(10000, '[', ']', '"x"')}}`, expect: 'bad_json' },
  { name: '10,000 nested objects in an unknown field', who: 'F', frame: () => `{"type":"summary.set","rid":"deepo","text":"deep","x":${nest(10000, '{"a":', '}')}}`, expect: 'bad_json' },
  { name: 'NaN literal as phase', who: 'P', frame: () => raw('note.add', { phase: 'NaN', text: J('nan') }, 'nan').text, expect: 'bad_json' },
  { name: 'Infinity literal as phase', who: 'P', frame: () => raw('note.add', { phase: 'Infinity', text: J('inf') }).text, expect: 'bad_json' },
  { name: '-Infinity literal as timer seconds', who: 'F', frame: () => raw('timer.start', { seconds: '-Infinity' }).text, expect: 'bad_json' },
  { name: 'single quotes', who: 'P', frame: () => "{'type':'note.add','phase':4,'text':'x'}", expect: 'bad_json' },
  { name: 'a comment', who: 'P', frame: () => '{"type":"note.add", /* hi */ "phase":4,"text":"x"}', expect: 'bad_json' },
  { name: 'an invalid escape (\\x41)', who: 'P', frame: () => '{"type":"note.add","rid":"esc","phase":4,"text":"\\x41"}', expect: 'bad_json' },
  { name: 'trailing garbage after the object', who: 'P', frame: () => `${raw('note.add', { phase: '4', text: J('trailing') }).text} garbage`, expect: 'bad_json' },
  { name: 'two objects in one frame', who: 'P', frame: () => raw('note.add', { phase: '4', text: J('first') }).text + raw('note.add', { phase: '4', text: J('second') }).text, expect: 'bad_json' },
  { name: 'a number with a leading zero (04) as phase', who: 'P', frame: () => raw('note.add', { phase: '04', text: J('leading zero') }).text, expect: 'bad_json' },
  { name: 'a number with a plus sign (+4) as phase', who: 'P', frame: () => raw('note.add', { phase: '+4', text: J('plus') }).text, expect: 'bad_json' },
  { name: 'a raw control character (LF) inside a string', who: 'P', frame: () => raw('note.add', { phase: '4', text: '"line\nbreak"' }).text, expect: 'bad_json' },

  // -- type
  { name: 'empty object', who: 'P', frame: () => '{}', expect: 'invalid', rid: 'none' },
  { name: 'no type, only a rid', who: 'P', frame: () => '{"rid":"notype","phase":4,"text":"x"}', expect: 'invalid' },
  { name: 'type is a number', who: 'P', frame: () => '{"type":42,"rid":"tnum"}', expect: 'invalid' },
  { name: 'type is an object', who: 'P', frame: () => '{"type":{"name":"note.add"},"rid":"tobj","phase":4,"text":"x"}', expect: 'invalid' },
  { name: 'type is null', who: 'P', frame: () => '{"type":null,"rid":"tnull"}', expect: 'invalid' },
  { name: 'type is an array', who: 'F', frame: () => '{"type":["session.end"],"rid":"tarr"}', expect: 'invalid' },
  { name: 'unknown type', who: 'P', frame: () => raw('note.destroy_all').text, expect: 'unknown_type' },
  { name: 'unknown type in the wrong case', who: 'F', frame: () => raw('Session.End').text, expect: 'unknown_type' },
  { name: 'empty type', who: 'P', frame: () => raw('').text, expect: 'unknown_type' },
  { name: 'a type of 100,000 characters', who: 'P', frame: () => raw('note.add'.repeat(12500)).text, expect: 'unknown_type' },
  { name: 'type with a NUL after a real type', who: 'F', frame: () => raw('session.end\u0000').text, expect: 'invalid' },
  { name: 'duplicate "type" keys (note.add, then cluster.add)', who: 'P', frame: () => '{"type":"note.add","type":"cluster.add","rid":"duptype","phase":4,"text":"dup","title":"dup"}', expect: 'invalid' },
  { name: 'duplicate "text" keys', who: 'P', frame: () => '{"type":"note.add","rid":"duptext","phase":4,"text":"one","text":"two"}', expect: 'invalid' },
  { name: 'duplicate "index" keys', who: 'F', frame: () => '{"type":"phase.set","rid":"dupidx","index":5,"index":99}', expect: 'invalid' },

  // -- numbers
  { name: 'phase 1e400', who: 'P', frame: () => raw('note.add', { phase: '1e400', text: J('x') }).text, expect: 'invalid' },
  { name: 'phase 1e308', who: 'P', frame: () => raw('note.add', { phase: '1e308', text: J('x') }).text, expect: 'invalid' },
  { name: 'phase 9007199254740993', who: 'P', frame: () => raw('note.add', { phase: '9007199254740993', text: J('x') }).text, expect: 'invalid' },
  { name: 'phase 4.5', who: 'P', frame: () => raw('note.add', { phase: '4.5', text: J('x') }).text, expect: 'invalid' },
  { name: 'phase 4.0000000001', who: 'F', frame: () => raw('note.add', { phase: '4.0000000001', text: J('x') }).text, expect: 'invalid' },
  { name: 'phase as a 401-digit integer', who: 'P', frame: () => raw('note.add', { phase: bigDigits, text: J('x') }).text, expect: 'invalid' },
  { name: 'phase -1e400', who: 'F', frame: () => raw('note.add', { phase: '-1e400', text: J('x') }).text, expect: 'invalid' },
  { name: 'phase.set index 1e400', who: 'F', frame: () => raw('phase.set', { index: '1e400' }).text, expect: 'invalid' },
  { name: 'phase.set index 9007199254740993', who: 'F', frame: () => raw('phase.set', { index: '9007199254740993' }).text, expect: 'invalid' },
  { name: 'phase.set index 4.5e-1', who: 'F', frame: () => raw('phase.set', { index: '4.5e-1' }).text, expect: 'invalid' },
  { name: 'timer.start seconds 1e400', who: 'F', frame: () => raw('timer.start', { seconds: '1e400' }).text, expect: 'invalid' },
  { name: 'timer.start seconds 1e308', who: 'F', frame: () => raw('timer.start', { seconds: '1e308' }).text, expect: 'invalid' },
  { name: 'timer.start seconds -0', who: 'F', frame: () => raw('timer.start', { seconds: '-0' }).text, expect: 'invalid' },
  { name: 'timer.start seconds 9007199254740993', who: 'F', frame: () => raw('timer.start', { seconds: '9007199254740993' }).text, expect: 'invalid' },
  { name: 'timer.start seconds 1e-400', who: 'F', frame: () => raw('timer.start', { seconds: '1e-400' }).text, expect: 'invalid' },
  { name: 'reveal phase 1e308', who: 'F', frame: () => raw('reveal', { phase: '1e308' }).text, expect: 'invalid' },
  { name: 'reveal phase -0.5', who: 'F', frame: () => raw('reveal', { phase: '-0.5' }).text, expect: 'invalid' },

  // -- wrong types
  { name: 'note.add text is a number', who: 'P', frame: () => raw('note.add', { phase: '4', text: '12' }).text, expect: 'invalid' },
  { name: 'note.add text is an array', who: 'P', frame: () => raw('note.add', { phase: '4', text: '["a","b"]' }).text, expect: 'invalid' },
  { name: 'note.add text is an object', who: 'P', frame: () => raw('note.add', { phase: '4', text: '{"text":"x"}' }).text, expect: 'invalid' },
  { name: 'note.add text is false', who: 'P', frame: () => raw('note.add', { phase: '4', text: 'false' }).text, expect: 'invalid' },
  { name: 'note.add phase is a string', who: 'P', frame: () => raw('note.add', { phase: '"4"', text: J('x') }).text, expect: 'invalid' },
  { name: 'note.add phase is true', who: 'P', frame: () => raw('note.add', { phase: 'true', text: J('x') }).text, expect: 'invalid' },
  { name: 'note.add phase is an array', who: 'P', frame: () => raw('note.add', { phase: '[4]', text: J('x') }).text, expect: 'invalid' },
  { name: 'note.add cid is a number', who: 'P', frame: () => raw('note.add', { phase: '4', text: J('x'), cid: '7' }).text, expect: 'invalid' },
  { name: 'note.add cid is an object', who: 'P', frame: () => raw('note.add', { phase: '4', text: J('x'), cid: '{"cid":"canary-P"}' }).text, expect: 'invalid' },
  { name: 'note.edit id is an array', who: 'P', frame: (c) => raw('note.edit', { id: J([c.nP]), text: J('x') }).text, expect: 'invalid' },
  { name: 'note.edit id is a number', who: 'P', frame: (c) => raw('note.edit', { id: String(Number(c.nP)), text: J('x') }).text, expect: 'invalid' },
  { name: 'note.edit id is an object', who: 'F', frame: (c) => raw('note.edit', { id: J({ id: c.nP }), text: J('x') }).text, expect: 'invalid' },
  { name: 'note.edit text is an object', who: 'P', frame: (c) => raw('note.edit', { id: J(c.nP), text: '{}' }).text, expect: 'invalid' },
  { name: 'note.delete id is null', who: 'P', frame: () => raw('note.delete', { id: 'null' }).text, expect: 'invalid' },
  { name: 'note.essence text is a number', who: 'P', frame: (c) => raw('note.essence', { id: J(c.nBadP), text: '5' }).text, expect: 'invalid' },
  { name: 'note.essence text is an array (facilitator)', who: 'F', frame: (c) => raw('note.essence', { id: J(c.nBad), text: '["e"]' }).text, expect: 'invalid' },
  { name: 'note.move cluster is an object', who: 'F', frame: (c) => raw('note.move', { id: J(c.nF), cluster: J({ id: c.c1 }) }).text, expect: 'invalid' },
  { name: 'note.move cluster is a number', who: 'F', frame: (c) => raw('note.move', { id: J(c.nF), cluster: String(Number(c.c1)) }).text, expect: 'invalid' },
  { name: 'note.move cluster is false', who: 'F', frame: (c) => raw('note.move', { id: J(c.nF), cluster: 'false' }).text, expect: 'invalid' },
  { name: 'cluster.add title is true', who: 'F', frame: () => raw('cluster.add', { title: 'true' }).text, expect: 'invalid' },
  { name: 'cluster.add description is an object', who: 'F', frame: () => raw('cluster.add', { title: J('t'), description: '{}' }).text, expect: 'invalid' },
  { name: 'cluster.edit description is an array', who: 'F', frame: (c) => raw('cluster.edit', { id: J(c.c1), description: '["d"]' }).text, expect: 'invalid' },
  { name: 'cluster.edit title is null', who: 'F', frame: (c) => raw('cluster.edit', { id: J(c.c1), title: 'null' }).text, expect: 'invalid' },
  { name: 'cluster.delete id is an array', who: 'F', frame: (c) => raw('cluster.delete', { id: J([c.c1]) }).text, expect: 'invalid' },
  { name: 'summary.set text is a number', who: 'F', frame: () => raw('summary.set', { text: '1' }).text, expect: 'invalid' },
  { name: 'phase.set index is a string', who: 'F', frame: () => raw('phase.set', { index: '"5"' }).text, expect: 'invalid' },
  { name: 'phase.set index is an object', who: 'F', frame: () => raw('phase.set', { index: '{"index":5}' }).text, expect: 'invalid' },
  { name: 'timer.start seconds is a string', who: 'F', frame: () => raw('timer.start', { seconds: '"60"' }).text, expect: 'invalid' },
  { name: 'timer.start seconds is true', who: 'F', frame: () => raw('timer.start', { seconds: 'true' }).text, expect: 'invalid' },
  { name: 'reveal phase is a string', who: 'F', frame: () => raw('reveal', { phase: '"3"' }).text, expect: 'invalid' },

  // -- missing fields
  { name: 'note.add without text', who: 'P', frame: () => raw('note.add', { phase: '4' }).text, expect: 'invalid' },
  { name: 'note.add without phase', who: 'P', frame: () => raw('note.add', { text: J('x') }).text, expect: 'invalid' },
  { name: 'note.edit without text', who: 'P', frame: (c) => raw('note.edit', { id: J(c.nP) }).text, expect: 'invalid' },
  { name: 'note.move without cluster', who: 'F', frame: (c) => raw('note.move', { id: J(c.nF) }).text, expect: 'invalid' },
  { name: 'cluster.add without title', who: 'F', frame: () => raw('cluster.add', { description: J('d') }).text, expect: 'invalid' },
  { name: 'phase.set without index', who: 'F', frame: () => raw('phase.set').text, expect: 'invalid' },
  { name: 'timer.start without seconds', who: 'F', frame: () => raw('timer.start').text, expect: 'invalid' },
  { name: 'reveal without phase', who: 'F', frame: () => raw('reveal').text, expect: 'invalid' },
  { name: 'summary.set without text', who: 'F', frame: () => raw('summary.set').text, expect: 'invalid' },

  // -- NUL and lone surrogates
  { name: 'NUL in note text', who: 'P', frame: () => raw('note.add', { phase: '4', text: J('before\u0000after') }).text, expect: 'invalid' },
  { name: 'NUL at the start of note text', who: 'P', frame: () => raw('note.add', { phase: '4', text: J('\u0000') }).text, expect: 'invalid' },
  { name: 'NUL in a note edit', who: 'P', frame: (c) => raw('note.edit', { id: J(c.nP), text: J('x\u0000y') }).text, expect: 'invalid' },
  { name: 'NUL in a cluster title', who: 'F', frame: () => raw('cluster.add', { title: J('ti\u0000tle') }).text, expect: 'invalid' },
  { name: 'NUL in a cluster description', who: 'F', frame: (c) => raw('cluster.edit', { id: J(c.c1), description: J('d\u0000') }).text, expect: 'invalid' },
  { name: 'NUL in the summary', who: 'F', frame: () => raw('summary.set', { text: J('sum\u0000mary') }).text, expect: 'invalid' },
  { name: 'NUL in a join name', who: 'fresh', frame: (c) => raw('join', { code: J(c.code), name: J('An\u0000na'), background: J('Teacher') }).text, expect: 'invalid' },
  { name: 'NUL in a join code', who: 'fresh', frame: (c) => raw('join', { code: J(`${c.code}\u0000`), name: J('Anna'), background: J('Teacher') }).text, expect: 'invalid' },
  { name: 'lone high surrogate in note text', who: 'P', frame: () => raw('note.add', { phase: '4', text: '"a\\ud800b"' }).text, expect: 'invalid' },
  { name: 'lone low surrogate in note text', who: 'P', frame: () => raw('note.add', { phase: '4', text: '"\\udc00"' }).text, expect: 'invalid' },
  { name: 'reversed surrogate pair in note text', who: 'P', frame: () => raw('note.add', { phase: '4', text: '"\\udc00\\ud800"' }).text, expect: 'invalid' },
  { name: 'lone surrogate in a cluster title', who: 'F', frame: (c) => raw('cluster.edit', { id: J(c.c1), title: '"\\ud800"' }).text, expect: 'invalid' },
  { name: 'lone surrogate in the summary', who: 'F', frame: () => raw('summary.set', { text: '"x\\udfff"' }).text, expect: 'invalid' },
  { name: 'lone surrogate in a join name', who: 'fresh', frame: (c) => raw('join', { code: J(c.code), name: '"\\ud800"', background: J('Teacher') }).text, expect: 'invalid' },

  // -- too large
  { name: 'note text of 2,001 characters', who: 'P', frame: () => raw('note.add', { phase: '4', text: J('x'.repeat(2001)) }).text, expect: 'too_large' },
  { name: 'cluster title of 201 characters', who: 'F', frame: () => raw('cluster.add', { title: J('t'.repeat(201)) }).text, expect: 'too_large' },
  { name: 'summary of 20,001 characters', who: 'F', frame: () => raw('summary.set', { text: J('s'.repeat(20001)) }).text, expect: 'too_large' },
  { name: 'cid of 65 characters', who: 'P', frame: () => raw('note.add', { phase: '4', text: J('x'), cid: J('c'.repeat(65)) }).text, expect: 'too_large' },
  { name: 'join name of 61 characters', who: 'fresh', frame: (c) => raw('join', { code: J(c.code), name: J('n'.repeat(61)), background: J('Teacher') }).text, expect: 'too_large' },

  // -- ids that do not belong here
  { name: 'note.edit of a note of session B (facilitator)', who: 'F', frame: (c) => raw('note.edit', { id: J(c.nB), text: J('x') }).text, expect: 'not_found' },
  { name: 'note.delete of a note of session B (facilitator)', who: 'F', frame: (c) => raw('note.delete', { id: J(c.nB) }).text, expect: 'not_found' },
  { name: 'note.edit of a note of session B (participant)', who: 'P', frame: (c) => raw('note.edit', { id: J(c.nB), text: J('x') }).text, expect: 'not_found' },
  { name: 'note.essence of a note of session B', who: 'P', frame: (c) => raw('note.essence', { id: J(c.nB), text: J('x') }).text, expect: 'not_found' },
  { name: 'note.move of a note of session B into A\'s cluster', who: 'F', frame: (c) => raw('note.move', { id: J(c.nB), cluster: J(c.c1) }).text, expect: 'not_found' },
  { name: 'note.move of A\'s note into a cluster of session B', who: 'F', frame: (c) => raw('note.move', { id: J(c.nF), cluster: J(c.cB) }).text, expect: 'not_found' },
  { name: 'cluster.edit of a cluster of session B', who: 'F', frame: (c) => raw('cluster.edit', { id: J(c.cB), title: J('x') }).text, expect: 'not_found' },
  { name: 'cluster.delete of a cluster of session B', who: 'F', frame: (c) => raw('cluster.delete', { id: J(c.cB) }).text, expect: 'not_found' },
  { name: 'note.delete of a deleted note', who: 'P', frame: (c) => raw('note.delete', { id: J(c.nDel) }).text, expect: 'not_found' },
  { name: 'note.edit with an id with a leading zero', who: 'P', frame: (c) => raw('note.edit', { id: J(`0${c.nP}`), text: J('x') }).text, expect: 'not_found' },
  { name: 'note.delete with an id with a leading space', who: 'F', frame: (c) => raw('note.delete', { id: J(` ${c.nF}`) }).text, expect: 'not_found' },
  { name: 'cluster.delete with an id with a plus sign', who: 'F', frame: (c) => raw('cluster.delete', { id: J(`+${c.c1}`) }).text, expect: 'not_found' },
  { name: 'note.edit with an id of 20 digits', who: 'F', frame: () => raw('note.edit', { id: J('99999999999999999999'), text: J('x') }).text, expect: 'not_found' },
  { name: 'note.edit with an empty id', who: 'F', frame: () => raw('note.edit', { id: J(''), text: J('x') }).text, expect: 'not_found' },
  { name: 'note.delete with id "-1"', who: 'F', frame: () => raw('note.delete', { id: J('-1') }).text, expect: 'not_found' },
  { name: 'join with a code that names no session', who: 'fresh', frame: () => raw('join', { code: J('QQQQQQ'), name: J('Anna'), background: J('Teacher') }).text, expect: 'not_found' },

  // -- replays: the same cid again changes nothing and answers the first id
  { name: 'replay of a cid with other text', who: 'P', frame: () => raw('note.add', { phase: '4', text: J('other text'), cid: J('canary-P') }).text, expect: { ok: (c) => c.canaryP } },
  { name: 'replay of a cid in a closed phase', who: 'P', frame: () => raw('note.add', { phase: '0', text: J('closed'), cid: J('canary-P') }).text, expect: { ok: (c) => c.canaryP } },
  { name: 'replay of a cid with a bad quadrant', who: 'F', frame: () => raw('note.add', { phase: '1', text: J('q'), quadrant: J('nowhere'), cid: J('canary-F') }).text, expect: { ok: (c) => c.canaryF } },

  // -- rid of every JSON type (with an unknown type, so the answer is fixed)
  { name: 'rid string', who: 'P', frame: () => raw('frob', { rid: J('r-1') }).text, expect: 'unknown_type', rid: 'r-1' },
  { name: 'rid empty string', who: 'P', frame: () => raw('frob', { rid: J('') }).text, expect: 'unknown_type', rid: '' },
  { name: 'rid of 1,000 characters', who: 'P', frame: () => raw('frob', { rid: J('r'.repeat(1000)) }).text, expect: 'unknown_type', rid: 'r'.repeat(1000) },
  { name: 'rid with unicode', who: 'P', frame: () => raw('frob', { rid: J('ŕ😀') }).text, expect: 'unknown_type', rid: 'ŕ😀' },
  { name: 'rid integer', who: 'P', frame: () => raw('frob', { rid: '12345' }).text, expect: 'unknown_type', rid: 12345 },
  { name: 'rid negative float', who: 'P', frame: () => raw('frob', { rid: '-7.25' }).text, expect: 'unknown_type', rid: -7.25 },
  { name: 'rid 0', who: 'P', frame: () => raw('frob', { rid: '0' }).text, expect: 'unknown_type', rid: 0 },
  { name: 'rid 9007199254740993', who: 'P', frame: () => raw('frob', { rid: '9007199254740993' }).text, expect: 'unknown_type', rid: 9007199254740992 },
  { name: 'rid 0.30000000000000004', who: 'P', frame: () => raw('frob', { rid: '0.30000000000000004' }).text, expect: 'unknown_type', rid: 0.30000000000000004 },
  { name: 'rid 1e300', who: 'P', frame: () => raw('frob', { rid: '1e300' }).text, expect: 'unknown_type', rid: 1e300 },
  { name: 'rid null', who: 'P', frame: () => raw('frob', { rid: 'null' }).text, expect: 'unknown_type', rid: { maybe: null } },
  { name: 'rid true', who: 'P', frame: () => raw('frob', { rid: 'true' }).text, expect: 'unknown_type', rid: { maybe: true } },
  { name: 'rid false', who: 'P', frame: () => raw('frob', { rid: 'false' }).text, expect: 'unknown_type', rid: { maybe: false } },
  { name: 'rid object', who: 'P', frame: () => raw('frob', { rid: '{"a":[1,2]}' }).text, expect: 'unknown_type', rid: { maybe: { a: [1, 2] } } },
  { name: 'rid array', who: 'P', frame: () => raw('frob', { rid: '[1,"two"]' }).text, expect: 'unknown_type', rid: { maybe: [1, 'two'] } },

  // -- wrong role, phase or moment (only that is wrong)
  { name: 'a second join on a joined connection', who: 'P', frame: (c) => raw('join', { code: J(c.code), name: J('Anna2'), background: J('Teacher') }).text, expect: 'invalid' },
  { name: 'a change before join', who: 'fresh', frame: () => raw('note.add', { phase: '4', text: J('x') }).text, expect: 'not_joined' },
  { name: 'session.end before join', who: 'fresh', frame: () => raw('session.end').text, expect: 'not_joined' },
  { name: 'join code is a number', who: 'fresh', frame: () => raw('join', { code: '123456', name: J('Anna'), background: J('Teacher') }).text, expect: 'invalid' },
  { name: 'join name is a number', who: 'fresh', frame: (c) => raw('join', { code: J(c.code), name: '42', background: J('Teacher') }).text, expect: 'invalid' },
  { name: 'join screen is the string "true" (not a screen; no name)', who: 'fresh', frame: (c) => raw('join', { code: J(c.code), screen: J('true') }).text, expect: 'invalid' },
  { name: 'join background is an array', who: 'fresh', frame: (c) => raw('join', { code: J(c.code), name: J('Anna'), background: '["Teacher"]' }).text, expect: 'invalid' },
  { name: 'join token is an object', who: 'fresh', frame: (c) => raw('join', { code: J(c.code), token: '{}' }).text, expect: 'invalid' },
  { name: 'join facilitator_key is a number', who: 'fresh', frame: (c) => raw('join', { code: J(c.code), facilitator_key: '1' }).text, expect: 'invalid' },
  { name: 'join with a wrong facilitator key', who: 'fresh', frame: (c) => raw('join', { code: J(c.code), facilitator_key: J(`${c.key}x`) }).text, expect: 'forbidden' },
  { name: 'join with a made-up token', who: 'fresh', frame: (c) => raw('join', { code: J(c.code), token: J('a'.repeat(43)) }).text, expect: 'forbidden' },
  { name: 'participant writes to a closed phase', who: 'P', frame: () => raw('note.add', { phase: '0', text: J('x') }).text, expect: 'phase_closed' },
  { name: 'participant sends phase.set', who: 'P', frame: () => raw('phase.set', { index: '5' }).text, expect: 'forbidden' },
  { name: 'participant edits the facilitator\'s note', who: 'P', frame: (c) => raw('note.edit', { id: J(c.nF), text: J('mine now') }).text, expect: 'forbidden' },
  { name: 'screen adds a note', who: 'S', frame: () => raw('note.add', { phase: '4', text: J('x') }).text, expect: 'forbidden' },
  { name: 'screen sends truncated JSON', who: 'S', frame: () => '{"type":"session.end"', expect: 'bad_json' },

  // -- in the vote phase
  { name: 'vote delta true', who: 'P', phase: 6, frame: (c) => raw('vote', { cluster: J(c.c1), delta: 'true' }).text, expect: 'invalid' },
  { name: 'vote delta "1"', who: 'P', phase: 6, frame: (c) => raw('vote', { cluster: J(c.c1), delta: '"1"' }).text, expect: 'invalid' },
  { name: 'vote delta 1e400', who: 'P', phase: 6, frame: (c) => raw('vote', { cluster: J(c.c1), delta: '1e400' }).text, expect: 'invalid' },
  { name: 'vote delta -0', who: 'P', phase: 6, frame: (c) => raw('vote', { cluster: J(c.c1), delta: '-0' }).text, expect: 'invalid' },
  { name: 'vote delta 9007199254740993', who: 'P', phase: 6, frame: (c) => raw('vote', { cluster: J(c.c1), delta: '9007199254740993' }).text, expect: 'invalid' },
  { name: 'vote delta 1.0000000000000002', who: 'P', phase: 6, frame: (c) => raw('vote', { cluster: J(c.c1), delta: '1.0000000000000002' }).text, expect: 'invalid' },
  { name: 'vote delta 3', who: 'P', phase: 6, frame: (c) => raw('vote', { cluster: J(c.c1), delta: '3' }).text, expect: 'invalid' },
  { name: 'vote delta NaN literal', who: 'P', phase: 6, frame: (c) => raw('vote', { cluster: J(c.c1), delta: 'NaN' }).text, expect: 'bad_json' },
  { name: 'vote without delta', who: 'P', phase: 6, frame: (c) => raw('vote', { cluster: J(c.c1) }).text, expect: 'invalid' },
  { name: 'vote cluster is an object', who: 'P', phase: 6, frame: (c) => raw('vote', { cluster: J({ id: c.c1 }), delta: '1' }).text, expect: 'invalid' },
  { name: 'vote cluster is a number', who: 'P', phase: 6, frame: (c) => raw('vote', { cluster: String(Number(c.c1)), delta: '1' }).text, expect: 'invalid' },
  { name: 'vote for a cluster of session B', who: 'P', phase: 6, frame: (c) => raw('vote', { cluster: J(c.cB), delta: '1' }).text, expect: 'not_found' },
  { name: 'vote -1 without a dot there', who: 'P', phase: 6, frame: (c) => raw('vote', { cluster: J(c.c1), delta: '-1' }).text, expect: 'vote_budget' },
  { name: 'duplicate "delta" keys (1, then 1)', who: 'P', phase: 6, frame: (c) => `{"type":"vote","rid":"dupd","cluster":${J(c.c1)},"delta":1,"delta":1}`, expect: 'invalid' },
  { name: 'the facilitator votes', who: 'F', phase: 6, frame: (c) => raw('vote', { cluster: J(c.c1), delta: '1' }).text, expect: 'forbidden' },
  { name: 'the screen votes', who: 'S', phase: 6, frame: (c) => raw('vote', { cluster: J(c.c1), delta: '1' }).text, expect: 'forbidden' },
];

/** The rid the frame carries, found in its text (undefined when none or not parseable). */
function ridOf(text) {
  try {
    const o = JSON.parse(text);
    return o && typeof o === 'object' && !Array.isArray(o) ? o.rid : undefined;
  } catch { return undefined; }
}

/** Waits until F, P and S have received every event up to seq (so counts are settled). */
async function settle(seq) {
  const t0 = Date.now();
  while (['F', 'P', 'S'].some((w) => (ctx[w].lastSeq ?? 0) < seq) && Date.now() - t0 < 3000) await sleep(5);
}
const counts = () => ['F', 'P', 'S'].map((w) => ctx[w].events.length);

async function runCase(k) {
  const c = k.who === 'fresh' ? await Client.connect(srv, { label: 'fresh' }) : ctx[k.who];
  const text = k.frame(ctx);
  const sent = ridOf(text);
  const what = `${k.who} sent ${short(text.length > 300 ? `${text.slice(0, 300)}…` : text)}`;
  const before = counts();
  let failure = null;
  try {
    c.unmatched.length = 0;
    c.sendRaw(text);
    const r = await c.waitUnmatched(() => true, 5000);

    // the answer
    if (typeof k.expect === 'string') {
      assert.equal(r.type, 'error', `${what}: expected error ${k.expect}, got ${short(r)}`);
      assert.equal(r.code, k.expect, `${what}: expected error ${k.expect}, got ${short(r)}`);
      assert.equal(typeof r.message, 'string', `${what}: error without a message`);
    } else {
      assert.equal(r.type, 'ok', `${what}: expected ok, got ${short(r)}`);
      assert.equal(r.id, k.expect.ok(ctx), `${what}: expected the first note's id, got ${short(r)}`);
    }
    if (k.expect === 'bad_json' || k.rid === 'none') {
      assert.equal(r.rid, undefined, `${what}: a reply to a frame that is not an object has no rid: ${short(r)}`);
    } else if (k.rid && typeof k.rid === 'object' && 'maybe' in k.rid) {
      if ('rid' in r) assert.deepEqual(r.rid, k.rid.maybe, `${what}: a rid that is echoed is echoed unchanged: ${short(r)}`);
    } else {
      const want = k.rid ?? sent;
      assert.notEqual(want, undefined, `test bug: ${k.name} has no rid`);
      assert.deepEqual(r.rid, want, `${what}: the reply echoes the rid: ${short(r)}`);
    }

    // the connection stays and answers a good request
    assert.ok(c.isOpen, `${what}: the connection was closed (${JSON.stringify(c.closeInfo)})`);
    if (k.who === 'fresh') {
      const j = await c.ok({ type: 'join', code: ctx.code, screen: true });
      assert.equal(typeof j.seq, 'number');
    } else if (k.who === 'S') {
      await c.err({ type: 'summary.set', text: 'screens may not' }, 'forbidden');
    } else {
      const cid = k.who === 'P' ? 'canary-P' : 'canary-F';
      const ok = await c.ok({ type: 'note.add', phase: ctx.phase, text: 'canary again', cid });
      assert.equal(ok.id, k.who === 'P' ? ctx.canaryP : ctx.canaryF);
    }
  } catch (e) {
    failure = e;
  }
  if (k.who === 'fresh') await c.close();

  // nothing changed
  const now = await snapshot();
  await settle(now.seq);
  const after = counts();
  const was = baseline;
  baseline = now;   // a failing case does not make the next ones fail ...
  if (now.state.phase !== ctx.phase) {   // ... not even one that moved the phase
    await setPhase(ctx.F, ctx.phase, [ctx.P, ctx.S]);
    baseline = await snapshot();
    await settle(baseline.seq);
  }
  if (failure) throw failure;
  assert.equal(now.seq, was.seq, `${what}: seq moved from ${was.seq} to ${now.seq}`);
  assert.deepEqual(after, before, `${what}: events were sent (F, P, S counts ${before} -> ${after}): `
    + `${short(ctx.F.events.slice(before[0]))}`);
  assert.deepEqual(now.state, was.state, `${what}: the state changed`);
}

describe('hostile requests change nothing and get their documented code', () => {
  for (const phase of [4, 6]) {
    describe(`session A in phase ${phase}`, () => {
      before(async () => {
        ctx.phase = phase;
        if (baseline.state.phase !== phase) {
          await setPhase(ctx.F, phase, [ctx.P, ctx.S]);
          baseline = await snapshot();
        }
      });
      for (const k of cases.filter((x) => (x.phase ?? 4) === phase)) {
        test(k.name, () => runCase(k));
      }
    });
  }

  test(`the table has at least 40 cases (${cases.length})`, () => {
    assert.ok(cases.length >= 40);
  });
});
