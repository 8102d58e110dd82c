// Debian's nginx for the proxy tests: a shipped site file from packaging/nginx/ with the
// test's names and ports put in (each change must match exactly as often as expected, so
// that the file under test is the shipped one), run on loopback from a temp dir.
//
//   const site = siteFile('tafel.conf', [['listen 443 ssl', `listen 127.0.0.1:${p} ssl`, 1]]);
//   const ngx = await startNginx(site);   // waits until it listens on the ports given
//   await ngx.stop();
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { SOURCE_DIR, sleep } from '../../protocol/lib/server.mjs';

export const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => fs.existsSync(p));

/** packaging/nginx/NAME with each [from, to, times] replaced; throws when a count differs. */
export function siteFile(name, changes) {
  let text = fs.readFileSync(path.join(SOURCE_DIR, 'packaging/nginx', name), 'utf8');
  for (const [from, to, times] of changes) {
    const n = text.split(from).length - 1;
    if (n !== times) throw new Error(`packaging/nginx/${name}: "${from}" occurs ${n} times, expected ${times}`);
    text = text.split(from).join(to);
  }
  return text;
}

/** A self-signed certificate for name (and 127.0.0.1), made with openssl: {cert, key, pem}. */
export function makeCert(dir, name) {
  const cert = path.join(dir, 'cert.pem');
  const key = path.join(dir, 'key.pem');
  const r = spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1',
    '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', `/CN=${name}`,
    '-addext', `subjectAltName=DNS:${name},IP:127.0.0.1`], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`openssl req: ${r.stderr}`);
  return { cert, key, pem: fs.readFileSync(cert) };
}

function listening(port) {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port }, () => { s.destroy(); resolve(true); });
    s.on('error', () => resolve(false));
  });
}

/** nginx with the site text inside a minimal main configuration, in the foreground. */
export async function startNginx(site, ports, dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tafel-nginx-'))) {
  if (!NGINX) throw new Error('nginx is not installed (scripts/install-deps.sh --test installs it)');
  // Run as root, nginx's workers drop to nobody: let them into the temp dir.
  fs.chmodSync(dir, 0o755);
  fs.mkdirSync(path.join(dir, 'tmp'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'site.conf'), site);
  const t = (n) => path.join(dir, 'tmp', n);
  fs.writeFileSync(path.join(dir, 'nginx.conf'), `
daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log info;
events { worker_connections 512; }
http {
    access_log ${dir}/access.log;
    client_body_temp_path ${t('body')};
    proxy_temp_path ${t('proxy')};
    fastcgi_temp_path ${t('fastcgi')};
    uwsgi_temp_path ${t('uwsgi')};
    scgi_temp_path ${t('scgi')};
    include ${dir}/site.conf;
}
`);
  const args = ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-e', path.join(dir, 'error.log')];
  const check = spawnSync(NGINX, [...args, '-t'], { encoding: 'utf8' });
  if (check.status !== 0) throw new Error(`nginx -t: ${check.stderr}`);
  const proc = spawn(NGINX, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  proc.stdout.on('data', (d) => { log += d; });
  proc.stderr.on('data', (d) => { log += d; });
  const exited = new Promise((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })));
  process.on('exit', () => { try { proc.kill('SIGKILL'); } catch { /* gone */ } });
  const deadline = Date.now() + 10000;
  for (const port of ports) {
    while (!(await listening(port))) {
      if (proc.exitCode !== null || Date.now() > deadline) {
        throw new Error(`nginx did not listen on ${port}: ${log}${fs.readFileSync(path.join(dir, 'error.log'), 'utf8')}`);
      }
      await sleep(50);
    }
  }
  return {
    dir,
    accessLog: () => fs.readFileSync(path.join(dir, 'access.log'), 'utf8'),
    async stop() {
      proc.kill('SIGQUIT'); // graceful: nginx's own clean stop
      const timer = setTimeout(() => proc.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
