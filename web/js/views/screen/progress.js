// Progress on the room screen, when the facilitator switches it on (state.screen.progress):
// counts only, never text. Writing phases: how many have written, and how many notes there
// are (also in a private phase: every note carries its author and phase). Voting: the dots
// used of all there are, and how many have voted (participants carry dots_used).
import { h, setText } from '../../dom.js';
import { t } from '../../i18n.js';

const WRITING = new Set(['empathy_map', 'bad_ideas', 'ideal_ideas']);

export function progressLine(store) {
  const el = h('p', { class: 's-progress', role: 'status' });
  return {
    el,
    update() {
      const st = store.state;
      const p = store.phase();
      const on = !!st.screen?.progress && !store.ended() && p && (WRITING.has(p.kind) || p.kind === 'vote');
      el.hidden = !on;
      if (!on) { setText(el, ''); return; }
      const people = st.participants.filter((x) => x.role === 'participant');
      const total = people.length;
      if (p.kind === 'vote') {
        const budget = p.votes_per_participant || 3;
        const used = people.reduce((a, x) => a + (x.dots_used || 0), 0);
        const voted = people.filter((x) => (x.dots_used || 0) > 0).length;
        setText(el, `${t('screen.progress_voted', { n: voted, total })} · ${t('screen.progress_dots', { n: used, total: total * budget })}`);
      } else {
        const notes = store.notesOf(p.index);
        const ids = new Set(people.map((x) => x.id));
        const wrote = new Set(notes.map((n) => n.author).filter((a) => ids.has(a))).size;
        setText(el, `${t('screen.progress_wrote', { n: wrote, total })} · ${t('screen.progress_notes', { n: notes.length })}`);
      }
    },
  };
}
