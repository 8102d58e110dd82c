// Fitting and paging for the room screen. A board has regions (a quadrant, a wall, the list
// of directions): boxes whose size the CSS fixes, each with a list whose children are the
// items (notes, idea lines, direction cards). The fitter looks for the largest text size
// (the board's --fs) at which every item of every region lies whole inside its list, from
// the largest size down to a readable minimum, for each of the board's layouts (an empathy
// map may stand as 2x2 or as four columns), and keeps the best. When even the minimum does
// not hold everything, each region is cut into pages that do fit, and the pages turn by
// themselves on a shared beat, with "1/3" shown in the region; every item is then on screen,
// whole, once per turn of its region.
//
// Nothing is measured on a timer: a refit follows a change of the content (the board calls
// refit()) or of the board's size (a ResizeObserver). Turning a page only toggles a class.

import { t } from '../../i18n.js';

const OFF = 'page-off';

export function pageInterval() {
  // ?page=1500ms or ?page=2s (for tests and for rooms that read slowly); 10 s by default.
  const v = new URLSearchParams(location.search).get('page');
  const m = v && /^(\d+(?:\.\d+)?)(ms|s)?$/.exec(v);
  if (!m) return 10000;
  const ms = m[2] === 'ms' ? Number(m[1]) : Number(m[1]) * 1000;
  return Math.min(60000, Math.max(500, ms));
}

// host: the board element (gets --fs, data-layout, data-pages).
// regions(): [{list, indicator?}] as they are now.
// sizes(): {max, min} in px. layouts: the values data-layout may take, best first.
export function createFitter(host, { regions, sizes, layouts = [''], interval = pageInterval() }) {
  let plan = [];        // per region: {list, indicator, pages: [[from, to)]}
  let beat = 0;
  let queued = 0;
  let timer = null;
  let lastW = 0;
  let lastH = 0;

  const items = (list) => [...list.children].filter((el) => !el.classList.contains('fit-skip'));

  // Whole inside the list: every fragment (an item taller than a column continues in the
  // next one) within the list's box.
  function inside(el, box) {
    const rs = el.getClientRects();
    if (!rs.length) return true;
    for (const r of rs) {
      if (r.right > box.right + 1 || r.bottom > box.bottom + 1 || r.left < box.left - 1 || r.top < box.top - 1) return false;
    }
    return true;
  }

  function showAll(regs) {
    for (const rg of regs) for (const el of items(rg.list)) el.classList.remove(OFF);
  }

  function fitsAll(regs) {
    for (const rg of regs) {
      const box = rg.list.getBoundingClientRect();
      if (box.height < 2 || box.width < 2) return false;
      for (const el of items(rg.list)) if (!inside(el, box)) return false;
    }
    return true;
  }

  const setSize = (px) => host.style.setProperty('--fs', `${px}px`);

  // The largest size in [min, max] at which everything fits, or null.
  function search(regs, min, max) {
    setSize(max);
    if (fitsAll(regs)) return max;
    setSize(min);
    if (!fitsAll(regs)) return null;
    let lo = min;
    let hi = max;   // lo fits, hi does not
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      setSize(mid);
      if (fitsAll(regs)) lo = mid; else hi = mid;
    }
    return lo;
  }

  // Cuts one region into pages at the current size: show items from `from` on, and the first
  // one not whole inside the list starts the next page.
  function pagesOf(rg) {
    const all = items(rg.list);
    const pages = [];
    let from = 0;
    while (from < all.length) {
      all.forEach((el, k) => el.classList.toggle(OFF, k < from));
      const box = rg.list.getBoundingClientRect();
      let to = from + 1;       // a page holds at least one item, even one too large
      while (to < all.length && inside(all[to], box)) to += 1;
      pages.push([from, to]);
      from = to;
    }
    if (pages.length > 1) return evenly(all, pages) || pages;
    return pages.length ? pages : [[0, 0]];
  }

  // The same number of pages with the items shared out evenly (5 + 5 rather than 7 + 3),
  // if every such page still fits; null if one does not.
  function evenly(all, greedy) {
    const k = greedy.length;
    const n = all.length;
    const pages = Array.from({ length: k }, (_, i) => [Math.round((i * n) / k), Math.round(((i + 1) * n) / k)]);
    const list = all[0].parentElement;
    for (const [from, to] of pages) {
      all.forEach((el, i) => el.classList.toggle(OFF, i < from || i >= to));
      const box = list.getBoundingClientRect();
      for (let i = from; i < to; i += 1) if (!inside(all[i], box)) return null;
    }
    return pages;
  }

  function refitNow() {
    queued = 0;
    if (!host.isConnected) return;
    const regs = regions().filter((rg) => rg.list && rg.list.isConnected);
    const { min, max } = sizes();
    const tries = [];
    // Columns balanced (even, calm) or filled one after the other (the balancer leaves
    // room unused when cards cannot break): each layout is tried both ways.
    for (const layout of layouts) {
      for (const fill of ['balance', 'auto']) {
        host.dataset.layout = layout;
        host.dataset.fill = fill;
        showAll(regs);
        const fs = search(regs, min, Math.max(min, max));
        if (fs != null) tries.push({ layout, fill, fs, pages: 1 });
        else {
          setSize(min);
          const n = Math.max(1, ...regs.map((rg) => pagesOf(rg).length));
          showAll(regs);
          tries.push({ layout, fill, fs: min, pages: n });
        }
      }
    }
    // Fewest pages, then the largest text, then the first tried.
    tries.sort((a, b) => a.pages - b.pages || b.fs - a.fs);
    const best = tries[0];
    host.dataset.layout = best.layout;
    host.dataset.fill = best.fill;
    setSize(best.fs);
    showAll(regs);
    plan = regs.map((rg) => ({ ...rg, pages: best.pages > 1 ? pagesOf(rg) : [[0, items(rg.list).length]] }));
    const most = Math.max(1, ...plan.map((p) => p.pages.length));
    host.dataset.pages = String(most);
    host.dataset.fs = String(best.fs);
    const r = host.getBoundingClientRect();
    lastW = r.width; lastH = r.height;
    apply();
    schedule(most);
  }

  // The beat: every region turns on it. With many pages it beats faster, so that every item
  // is shown within a minute (never faster than every 4 s unless asked for in the URL).
  function schedule(most) {
    clearInterval(timer);
    timer = null;
    if (most <= 1) return;
    const every = Math.min(interval, Math.max(Math.min(interval, 4000), Math.floor(60000 / most)));
    timer = setInterval(() => { beat += 1; apply(); }, every);
  }

  function apply() {
    for (const rg of plan) {
      const all = items(rg.list);
      const n = rg.pages.length;
      const k = beat % n;
      const [from, to] = rg.pages[k];
      all.forEach((el, i) => el.classList.toggle(OFF, n > 1 && (i < from || i >= to)));
      if (rg.indicator) {
        rg.indicator.hidden = n <= 1;
        rg.indicator.textContent = n > 1 ? `${k + 1}/${n}` : '';
        if (n > 1) rg.indicator.setAttribute('aria-label', t('screen.page', { i: k + 1, n }));
        rg.indicator.dataset.page = String(k + 1);
        rg.indicator.dataset.pages = String(n);
      }
    }
  }

  const ro = new ResizeObserver(() => {
    const r = host.getBoundingClientRect();
    if (Math.abs(r.width - lastW) > 1 || Math.abs(r.height - lastH) > 1) refit();
  });
  ro.observe(host);

  function refit() {
    if (!queued) queued = requestAnimationFrame(refitNow);
  }

  return {
    refit,
    refitNow,
    destroy() { clearInterval(timer); ro.disconnect(); if (queued) cancelAnimationFrame(queued); },
  };
}
