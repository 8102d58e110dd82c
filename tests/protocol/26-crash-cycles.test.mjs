// The short form of tests/crash/crash.mjs for the suite: a few SIGKILL cycles with writers
// pipelining note.add (cid), note.edit and vote, each checked for lost or doubled
// acknowledged changes and a sound database file. The long form runs 200 cycles from the
// command line (see the top of crash.mjs). The seed is random, so that every run kills at
// other moments; set CRASH_SEED to repeat one.
import { test } from 'node:test';
import { runCrash } from '../crash/crash.mjs';

test('SIGKILL cycles: acknowledged notes, edits and votes survive; the file stays intact', async (t) => {
  const seed = process.env.CRASH_SEED ? Number(process.env.CRASH_SEED) : Math.floor(Math.random() * 2 ** 31);
  t.diagnostic(`seed ${seed} (CRASH_SEED=${seed} repeats the kill moments)`);
  try {
    const s = await runCrash({ cycles: 6, rotate: 3, seed, log: (line) => t.diagnostic(line) });
    if (s.ackedNotes === 0 || s.ackedEdits === 0 || s.ackedVotes === 0) {
      throw new Error(`the cycles did not exercise every kind of request: ${JSON.stringify(s)}`);
    }
  } catch (e) {
    if (e.dir) e.message += `\n(database kept in ${e.dir}; server log tail:\n${e.serverLog})`;
    throw e;
  }
});
