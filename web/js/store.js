// The session as this client may see it: the `state` of a join reply, kept current by the
// events that follow. Every event carries `seq`; a gap means something was missed, and the
// connection then resumes (a resume join returns the full state).

export class Store extends EventTarget {
  constructor() {
    super();
    this.state = null;
    this.seq = 0;
    this.you = null;        // {id, name, background, role} — null for a room screen
    this.role = 'screen';
    this.offset = 0;        // server clock minus ours, for the timer
  }

  // A join reply: the whole state.
  load(reply) {
    this.state = reply.state;
    this.seq = reply.seq || 0;
    if (reply.you) { this.you = reply.you; this.role = reply.you.role; }
    const st = this.state;
    st.notes ||= []; st.clusters ||= []; st.participants ||= []; st.my_votes ||= {};
    st.revealed ||= []; st.summary ||= '';
    if (typeof st.server_time === 'number') this.offset = st.server_time - Date.now();
    this.emit('load');
  }

  // Returns 'ok', 'old' (already applied) or 'gap'.
  apply(ev) {
    if (!this.state) return 'gap';
    if (typeof ev.seq === 'number') {
      if (ev.seq <= this.seq) return 'old';
      if (ev.seq !== this.seq + 1) return 'gap';
      this.seq = ev.seq;
    }
    const st = this.state;
    switch (ev.type) {
      case 'note.added':
      case 'note.edited':
        if (ev.note) upsert(st.notes, ev.note);
        break;
      case 'note.deleted':
        st.notes = st.notes.filter((n) => n.id !== ev.id);
        break;
      case 'cluster.added':
      case 'cluster.edited':
        if (ev.cluster) upsert(st.clusters, ev.cluster, true);
        break;
      case 'cluster.deleted':
        st.clusters = st.clusters.filter((c) => c.id !== ev.id);
        for (const n of st.notes) if (n.cluster === ev.id) delete n.cluster;
        delete st.my_votes[ev.id];
        break;
      case 'vote.changed': {
        const c = st.clusters.find((x) => x.id === ev.cluster);
        if (c && typeof ev.votes === 'number') c.votes = ev.votes;
        if (ev.my_votes) st.my_votes = ev.my_votes;
        break;
      }
      case 'phase.changed':
        st.phase = ev.phase;
        if (Array.isArray(ev.clusters)) st.clusters = ev.clusters;
        else if (this.role !== 'facilitator' && this.phase()?.kind === 'vote') {
          for (const c of st.clusters) delete c.votes;
        }
        break;
      case 'timer.changed':
        st.timer = ev.timer || null;
        if (typeof ev.server_time === 'number') this.offset = ev.server_time - Date.now();
        break;
      case 'phase.revealed':
        if (!st.revealed.includes(ev.phase)) st.revealed.push(ev.phase);
        for (const n of ev.notes || []) upsert(st.notes, n);
        break;
      case 'summary.changed':
        st.summary = ev.summary || '';
        break;
      case 'session.ended':
        st.session.status = ev.status || 'ended';
        break;
      case 'participant.joined':
      case 'participant.left':
        if (ev.participant) upsert(st.participants, ev.participant, true);
        break;
      default:
        break;
    }
    this.emit(ev.type, ev);
    return 'ok';
  }

  emit(type, ev) {
    this.dispatchEvent(new CustomEvent('change', { detail: { type, ev } }));
  }

  // ---- derived views of the state ----
  phase(i) {
    const st = this.state;
    if (!st) return null;
    return st.phases[i == null ? st.phase : i] || null;
  }
  persona(id) { return this.state?.personas.find((p) => p.id === id) || null; }
  participant(id) { return this.state?.participants.find((p) => p.id === id) || null; }
  isMine(note) { return !!this.you && note.author === this.you.id; }
  isRevealed(index) { return this.state.revealed.includes(index); }
  notesOf(index) { return this.state.notes.filter((n) => n.phase === index); }
  ended() { return this.state?.session.status === 'ended'; }
  // Notes that can go into a solution direction: ideal ideas, and bad ideas (by their essence).
  ideaNotes() {
    const kinds = new Map(this.state.phases.map((p) => [p.index, p.kind]));
    return this.state.notes.filter((n) => {
      const k = kinds.get(n.phase);
      return k === 'ideal_ideas' || k === 'bad_ideas';
    });
  }
  phaseKindOf(note) { return this.phase(note.phase)?.kind; }
  votesVisible() { return this.role === 'facilitator' || this.phase()?.kind !== 'vote'; }
  votePhase() {
    // The vote phase whose budget applies: the current one, else the last one.
    const cur = this.phase();
    if (cur?.kind === 'vote') return cur;
    return [...this.state.phases].reverse().find((p) => p.kind === 'vote') || null;
  }
  myVotesSpent() { return Object.values(this.state.my_votes || {}).reduce((a, b) => a + b, 0); }
  clustersByVotes() {
    return [...this.state.clusters].sort((a, b) => (b.votes || 0) - (a.votes || 0)
      || Number(a.id) - Number(b.id));
  }
  serverNow() { return Date.now() + this.offset; }
}

function upsert(list, item, merge = false) {
  const i = list.findIndex((x) => x.id === item.id);
  if (i < 0) list.push(item);
  else list[i] = merge ? { ...list[i], ...item } : item;
}
