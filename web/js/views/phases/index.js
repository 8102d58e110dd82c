// The body of a phase, by kind. opts.author shows authors' names (facilitator only).
import { intro } from './intro.js';
import { empathy } from './empathy.js';
import { ideas } from './ideas.js';
import { clusters } from './clusters.js';
import { vote } from './vote.js';
import { directions } from './directions.js';

export function phaseBody(ctx, phase, opts = {}) {
  switch (phase.kind) {
    case 'intro': return intro(ctx, phase, opts);
    case 'empathy_map': return empathy(ctx, phase, opts);
    case 'bad_ideas':
    case 'ideal_ideas': return ideas(ctx, phase, opts);
    case 'cluster': return clusters(ctx, phase, opts);
    case 'vote': return vote(ctx, phase, opts);
    case 'elaborate':
    case 'wrap_up': return directions(ctx, phase, opts);
    default: return intro(ctx, phase, opts);
  }
}
