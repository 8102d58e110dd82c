// Entry point: picks the page for the route. The server serves index.html for
// /, /j/{code}, /screen/{code}, /facilitate/{code}, and for events /e/{code} (the entrance)
// and /event/{code} (the organizer's live overview).
import { startPage } from './views/start.js';
import { joinPage } from './views/join.js';
import { facilitatorPage } from './views/facilitator.js';
import { screenPage } from './views/screen.js';
import { entrancePage } from './views/event/entrance.js';
import { overviewPage } from './views/event/overview.js';

const root = document.getElementById('app');
const path = decodeURIComponent(location.pathname);
const m = /^\/(j|screen|facilitate|e|event)\/([A-Za-z0-9_-]{1,32})\/?$/.exec(path);

root.replaceChildren();
if (!m) startPage(root);
else if (m[1] === 'j') joinPage(root, m[2]);
else if (m[1] === 'screen') screenPage(root, m[2]);
else if (m[1] === 'e') entrancePage(root, m[2]);
else if (m[1] === 'event') overviewPage(root, m[2]);
else facilitatorPage(root, m[2]);
