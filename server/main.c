/* The tafel command: serve, export, check-template. The server runs on a libuv loop (epoll):
 * with thousands of sockets open, lws's own poll() loop spent most of the server's time
 * scanning sockets that had nothing to say (docs/benchmarks.md). */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libwebsockets.h>
#include <uv.h>

#include "tafel/app.h"
#include "tafel/backup.h"
#include "tafel/conf.h"
#include "tafel/error.h"
#include "tafel/event_report.h"
#include "tafel/export.h"
#include "tafel/netaddr.h"
#include "tafel/protocols.h"
#include "tafel/retention.h"
#include "tafel/static.h"
#include "tafel/store.h"
#include "tafel/template.h"

/* The most one send() is given; the kernel takes what fits in the socket's buffer. */
#define WS_SEND_BYTES (1024 * 1024)

/* What the stop signal needs to reach: handlers get it through their data pointer. */
struct serve_loop {
	uv_loop_t uv;
	uv_signal_t sig_int, sig_term;
	struct lws_context *ctx;
};

static void on_stop_signal(uv_signal_t *sig, int signum)
{
	struct serve_loop *l = sig->data;

	(void)signum;
	lwsl_notice("tafel: stopping\n");
	uv_signal_stop(&l->sig_int);
	uv_signal_stop(&l->sig_term);
	uv_close((uv_handle_t *)&l->sig_int, NULL);
	uv_close((uv_handle_t *)&l->sig_term, NULL);
	uv_stop(&l->uv); /* serve() goes on to destroy_context() */
}

/* Closing the context closes every connection, and their leaving is stored; the hub
 * commits it when it is freed. On a foreign loop lws destroys a context in steps, as its
 * handles close on the loop: each call moves it on, and lws sets l->ctx to NULL
 * (info.pcontext) once it is gone. */
static void destroy_context(struct serve_loop *l)
{
	for (int step = 0; l->ctx && step < 4; step++) {
		lws_context_destroy(l->ctx);
		uv_run(&l->uv, UV_RUN_DEFAULT);
	}
}

/* DIR under the share folder of an installed program (PREFIX/bin/tafel ->
 * PREFIX/share/tafel/DIR, written by `cmake --install` and the package) in buf, or NULL when
 * there is none: a program in a build folder of a checkout uses the checkout's folders. */
static const char *installed_dir(const char *dir, char *buf, size_t len)
{
	ssize_t n = readlink("/proc/self/exe", buf, len - 1);
	char *slash;
	struct stat sb;

	if (n <= 0)
		return NULL;
	buf[n] = '\0';
	slash = strrchr(buf, '/');
	if (!slash || (size_t)(slash - buf) + strlen("/../share/tafel/") + strlen(dir) + 1 > len)
		return NULL;
	sprintf(slash, "/../share/tafel/%s", dir);
	return stat(buf, &sb) == 0 && S_ISDIR(sb.st_mode) ? buf : NULL;
}

/* The app as the build made it (web-dist beside the program: one bundle, gzip copies, names
 * by content), else web/ in the working folder as it is (docs/webapp.md). */
static const char *default_web_dir(char *buf, size_t len)
{
	ssize_t n = readlink("/proc/self/exe", buf, len - 1);
	char *slash;
	struct stat sb;

	if (n <= 0)
		return "web";
	buf[n] = '\0';
	slash = strrchr(buf, '/');
	if (!slash || (size_t)(slash - buf) + sizeof "/web-dist" > len)
		return "web";
	strcpy(slash, "/web-dist");
	if (stat(buf, &sb) == 0 && S_ISDIR(sb.st_mode))
		return buf;
	return installed_dir("web", buf, len) ? buf : "web";
}

static const char usage[] =
	"usage: tafel serve [--config FILE] [--host ADDR] [--port N] [--db FILE] [--templates DIR]\n"
	"                   [--web DIR] [--admin-key KEY] [--allow-host NAME]...\n"
	"                   [--allow-origin ORIGIN]... [--trust-proxy ADDR[/BITS]]...\n"
	"                   [--retain-days N] [--code-prefix C] [--limit NAME=VALUE]...\n"
	"                   [--log-level N] [--help-limits]\n"
	"       tafel export --db FILE CODE [--format md|html|json|csv|doc] [--lang nl|en] [--names]\n"
	"                    [--chapter N] [-o FILE]\n"
	"       tafel export --db FILE --event CODE [--format md|html|json|csv] [--lang nl|en]\n"
	"                    [-o FILE]\n"
	"       tafel check-template FILE...\n"
	"       tafel backup --db FILE OUT\n"
	"       tafel check --db FILE\n"
	"       tafel --help | --version\n"
	"\n"
	"serve           runs the server (defaults: --host 0.0.0.0 --port 8080 --db tafel.db\n"
	"                --templates sessions; --web: web-dist beside the program if the build\n"
	"                made it, else web; an installed program uses PREFIX/share/tafel/web and\n"
	"                PREFIX/share/tafel/sessions; TAFEL_ADMIN_KEY sets the admin key)\n"
	"--config        reads options from a file, one `name = value` a line (before the\n"
	"                command line's, which win), e.g. /etc/tafel/tafel.conf\n"
	"export          writes a session's report from the database file, server running or not;\n"
	"                with --event, the cross-table report of an event's tables\n"
	"--allow-host    a name (or NAME:PORT) people open the server by, besides its addresses\n"
	"                and localhost, for example --allow-host laptop.local\n"
	"--allow-origin  a page origin allowed to use the API and WebSocket, for example\n"
	"                --allow-origin https://tafel.example.org behind a TLS proxy\n"
	"--trust-proxy   a reverse proxy's address (or network) whose X-Forwarded-For and\n"
	"                X-Real-IP give the client's address, e.g. --trust-proxy 127.0.0.1\n"
	"--retain-days   deletes sessions that ended more than N days ago (hourly)\n"
	"--code-prefix   the first character of every new join code, for several servers\n"
	"                behind one proxy that routes by code (docs/scaling.md)\n"
	"--limit         sets one limit, for example --limit participants_per_session=500;\n"
	"                --help-limits lists every limit with its default\n"
	"check-template  checks template files and names the field and reason of each error\n"
	"backup          copies the database while the server runs (consistent, checked)\n"
	"check           runs SQLite's integrity and foreign key checks on a database file\n";

static int check_templates(int argc, char **argv)
{
	int bad = 0;

	if (argc < 3) {
		fputs(usage, stderr);
		return 2;
	}
	for (int i = 2; i < argc; i++) {
		char err[700];
		cJSON *tpl;

		if (tpl_load_file(argv[i], &tpl, err, sizeof err) < 0) {
			fprintf(stderr, "%s\n", err);
			bad = 1;
		} else {
			printf("%s: ok\n", argv[i]);
			cJSON_Delete(tpl);
		}
	}
	return bad;
}

static int export_cmd(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "format", required_argument, NULL, 'f' },
		{ "lang", required_argument, NULL, 'l' },
		{ "names", no_argument, NULL, 'n' },
		{ "chapter", required_argument, NULL, 'c' },
		{ "output", required_argument, NULL, 'o' },
		{ "event", required_argument, NULL, 'e' },
		{ NULL, 0, NULL, 0 },
	};
	struct export_options opt = { EXPORT_MD, NULL, 0, 0 };
	const char *db = NULL, *outpath = NULL, *event = NULL;
	char *end;
	long chapter;
	char code[SECRET_CODE_LEN + 1];
	struct ses_session *s = NULL;
	struct store *st = NULL;
	cJSON *doc = NULL;
	char *out = NULL;
	size_t out_len;
	struct stat sb;
	int c, rc = 1;
	FILE *f;

	optind = 2;
	while ((c = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'f':
			if (export_format_parse(optarg, &opt.format) < 0) {
				fprintf(stderr, "tafel export: --format must be md, html, json, csv or doc\n");
				return 2;
			}
			break;
		case 'l':
			if (strcmp(optarg, "nl") && strcmp(optarg, "en")) {
				fprintf(stderr, "tafel export: --lang must be nl or en\n");
				return 2;
			}
			opt.lang = optarg;
			break;
		case 'n': opt.with_names = 1; break;
		case 'c':
			chapter = strtol(optarg, &end, 10);
			opt.chapter = (int)chapter;
			if (*end || end == optarg || chapter < 1 || chapter > EXPORT_CHAPTER_MAX) {
				fprintf(stderr, "tafel export: --chapter must be a whole number from 1 to 99\n");
				return 2;
			}
			break;
		case 'o': outpath = optarg; break;
		case 'e': event = optarg; break;
		default: fputs(usage, stderr); return 2;
		}
	}
	if (!db || optind != argc - (event ? 0 : 1)) {
		fputs(usage, stderr);
		return 2;
	}
	/* The cross-table report has the contract's four formats and never names anyone. */
	if (event && (opt.format == EXPORT_DOC || opt.with_names || opt.chapter)) {
		fprintf(stderr, "tafel export: an event's report takes --format md, html, json or csv "
		        "and --lang, not --names or --chapter\n");
		return 2;
	}
	if (stat(db, &sb) < 0) {
		fprintf(stderr, "tafel export: %s: no such database file\n", db);
		return 1;
	}
	if (secret_normalize_code(event ? event : argv[optind], code) < 0) {
		fprintf(stderr, "tafel export: %s is not %s code\n", event ? event : argv[optind],
		        event ? "an event" : "a session");
		return 1;
	}
	if (store_open(db, &st) < 0) {
		fprintf(stderr, "tafel export: %s cannot be opened\n", db);
		return 1;
	}
	if (event) {
		if ((c = event_report_build(st, code, hub_now_ms(), NULL, NULL, &doc)) < 0) {
			fprintf(stderr, c == TF_E_NOT_FOUND ? "tafel export: no event %s in %s\n"
			                                    : "tafel export: event %s in %s cannot be read\n",
			        code, db);
			goto done;
		}
		if (export_event_render(doc, &opt, &out, &out_len) < 0) {
			fprintf(stderr, "tafel export: the report could not be made\n");
			goto done;
		}
	} else if (store_load_session(st, code, &s) < 0) {
		fprintf(stderr, "tafel export: no session %s in %s\n", code, db);
		goto done;
	} else if (!(doc = ses_report_json(s, hub_now_ms())) ||
	           export_render(doc, &opt, &out, &out_len) < 0) {
		fprintf(stderr, "tafel export: the report could not be made\n");
		goto done;
	}
	f = outpath ? fopen(outpath, "wb") : stdout;
	if (!f || fwrite(out, 1, out_len, f) != out_len || (outpath && fclose(f) != 0)) {
		fprintf(stderr, "tafel export: %s cannot be written\n", outpath ? outpath : "stdout");
		goto done;
	}
	rc = 0;
done:
	free(out);
	cJSON_Delete(doc);
	ses_free(s);
	store_close(st);
	return rc;
}

/* `tafel backup --db FILE OUT` and `tafel check --db FILE`: both take --db and the rest. */
static int db_cmd(int argc, char **argv, int want_out)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = NULL;
	char err[600];
	long pages;
	int c;

	optind = 2;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 'd') {
			fputs(usage, stderr);
			return 2;
		}
		db = optarg;
	}
	if (!db || optind != argc - want_out) {
		fputs(usage, stderr);
		return 2;
	}
	if (want_out) {
		if (backup_copy(db, argv[optind], &pages, err, sizeof err) < 0) {
			fprintf(stderr, "tafel backup: %s\n", err);
			return 1;
		}
		printf("tafel backup: %s: %ld pages, checked\n", argv[optind], pages);
		return 0;
	}
	if (backup_check(db, stdout, err, sizeof err) < 0) {
		fprintf(stderr, "tafel check: %s\n", err);
		return 1;
	}
	printf("%s: ok\n", db);
	return 0;
}

/* argv with the options of --config FILE put first (so that the command line's come later
 * and win): a new vector in *merged when there is a --config, else argv itself. */
static int with_config(int argc, char **argv, const struct option *opts, struct conf_args *conf,
                       int *margc, char ***merged)
{
	const char *path = NULL;
	char err[600], **v;
	int n = 0;

	*margc = argc;
	*merged = argv;
	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--config") == 0 && i + 1 < argc)
			path = argv[i + 1];
		else if (strncmp(argv[i], "--config=", 9) == 0)
			path = argv[i] + 9;
	}
	if (!path)
		return 0;
	if (conf_read(path, opts, conf, err, sizeof err) < 0) {
		fprintf(stderr, "tafel serve: %s\n", err);
		return -1;
	}
	v = calloc((size_t)(argc + conf->argc + 1), sizeof *v);
	if (!v)
		return -1;
	v[n++] = argv[0];
	v[n++] = argv[1];
	for (int i = 0; i < conf->argc; i++)
		v[n++] = conf->argv[i];
	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--config") == 0) {
			i++;
			continue;
		}
		if (strncmp(argv[i], "--config=", 9) != 0)
			v[n++] = argv[i];
	}
	*margc = n;
	*merged = v;
	return 0;
}

static const struct option serve_opts[] = {
	{ "host", required_argument, NULL, 'h' },
	{ "port", required_argument, NULL, 'p' },
	{ "db", required_argument, NULL, 'd' },
	{ "templates", required_argument, NULL, 't' },
	{ "web", required_argument, NULL, 'w' },
	{ "admin-key", required_argument, NULL, 'k' },
	{ "allow-origin", required_argument, NULL, 'a' },
	{ "allow-host", required_argument, NULL, 'A' },
	{ "log-level", required_argument, NULL, 'L' },
	{ "limit", required_argument, NULL, 'l' },
	{ "help-limits", no_argument, NULL, 'E' },
	{ "help", no_argument, NULL, 'H' },
	{ "config", required_argument, NULL, 'c' },
	{ "trust-proxy", required_argument, NULL, 'P' },
	{ "retain-days", required_argument, NULL, 'R' },
	{ "code-prefix", required_argument, NULL, 'C' },
	{ NULL, 0, NULL, 0 },
};

/* The server, with the options of the command line and --config (with_config()). */
static int serve_args(int argc, char **argv)
{
	const lws_retry_bo_t no_idle_policy = { .secs_since_valid_hangup = 0 };
	struct tafel_app app = { .lim = TF_LIMITS_DEFAULT, .port = 8080 };
	const char *host = NULL, *db = "tafel.db", *templates = "sessions";
	struct lws_protocols protocols[] = {
		/* tx_packet_size: lws hands at most this much to one send() and copies the rest
		 * into a buffer of its own, sent one piece per loop turn. Left at 0 it is the
		 * 4 KiB rx size, which cut a 100 KB join state into 25 turns. */
		{ WS_PROTOCOL_NAME, ws_callback, ws_session_size(), 4096, 0, NULL, WS_SEND_BYTES },
		{ HTTP_PROTOCOL_NAME, http_callback, http_session_size(), 0, 0, NULL, 0 },
		{ STATIC_PROTOCOL_NAME, static_callback, 0, 0, 0, NULL, 0 },
		{ NULL, NULL, 0, 0, 0, NULL, 0 },
	};
	/* The app's files (static.c): validators, cache rules and gzip copies. lws 4.1 takes
	 * the last callback mount in the list whose mountpoint matches, not the longest, so
	 * "/", which matches every path, comes first. */
	struct lws_http_mount m_files = {
		.mountpoint = "/", .mountpoint_len = 1,
		.origin = STATIC_PROTOCOL_NAME, .origin_protocol = LWSMPRO_CALLBACK,
	};
	/* An event's entrance (/e/CODE) and its organizer's overview (/event/CODE). */
	struct lws_http_mount m_entrance = {
		.mountpoint = "/e", .mountpoint_len = 2,
		.origin = HTTP_PROTOCOL_NAME, .origin_protocol = LWSMPRO_CALLBACK,
	};
	struct lws_http_mount m_overview = {
		.mount_next = &m_entrance, .mountpoint = "/event", .mountpoint_len = 6,
		.origin = HTTP_PROTOCOL_NAME, .origin_protocol = LWSMPRO_CALLBACK,
	};
	struct lws_http_mount m_facilitate = {
		.mount_next = &m_overview, .mountpoint = "/facilitate", .mountpoint_len = 11,
		.origin = HTTP_PROTOCOL_NAME, .origin_protocol = LWSMPRO_CALLBACK,
	};
	struct lws_http_mount m_screen = {
		.mount_next = &m_facilitate, .mountpoint = "/screen", .mountpoint_len = 7,
		.origin = HTTP_PROTOCOL_NAME, .origin_protocol = LWSMPRO_CALLBACK,
	};
	struct lws_http_mount m_join = {
		.mount_next = &m_screen, .mountpoint = "/j", .mountpoint_len = 2,
		.origin = HTTP_PROTOCOL_NAME, .origin_protocol = LWSMPRO_CALLBACK,
	};
	struct lws_http_mount m_health = {
		.mount_next = &m_join, .mountpoint = "/healthz", .mountpoint_len = 8,
		.origin = HTTP_PROTOCOL_NAME, .origin_protocol = LWSMPRO_CALLBACK,
	};
	struct lws_http_mount m_api = {
		.mount_next = &m_health, .mountpoint = "/api", .mountpoint_len = 4,
		.origin = HTTP_PROTOCOL_NAME, .origin_protocol = LWSMPRO_CALLBACK,
	};
	struct lws_context_creation_info info;
	struct tpl_set *tpls = NULL;
	struct store *st = NULL;
	char webdir[4096], dist[4096], tpldir[4096], err[200];
	int c, log_level = LLL_ERR | LLL_WARN | LLL_NOTICE, rc = 1, loop_ready = 0;
	int retain_days = 0;
	char code_prefix = 0, probe[SECRET_CODE_LEN + 1];
	struct serve_loop loop = { .ctx = NULL };
	struct retention *ret = NULL;
	void *foreign_loops[1];

	if (installed_dir("sessions", tpldir, sizeof tpldir))
		templates = tpldir;
	optind = 2;
	while ((c = getopt_long(argc, argv, "", serve_opts, NULL)) != -1) {
		switch (c) {
		case 'c': break; /* read by with_config() */
		case 'P':
			if (proxy_trust_add(&app.proxies, optarg) < 0) {
				fprintf(stderr, "tafel serve: --trust-proxy %s: %s\n", optarg,
				        app.proxies.n == PROXY_MAX_TRUSTED ? "more than the 16 allowed" :
				        "give an address or a network, e.g. 127.0.0.1 or 10.0.0.0/8");
				return 2;
			}
			break;
		case 'C':
			/* One character of the code alphabet, checked as the first of a code. */
			snprintf(probe, sizeof probe, "%.1sAAAAA", optarg);
			if (strlen(optarg) != 1 || secret_normalize_code(probe, probe) < 0) {
				fprintf(stderr, "tafel serve: --code-prefix must be one character of a "
				        "join code (ACDEFGHJKMNPQRTWXY34679)\n");
				return 2;
			}
			code_prefix = probe[0];
			break;
		case 'R':
			retain_days = atoi(optarg);
			if (retain_days < 1 || retain_days > RETENTION_MAX_DAYS) {
				fprintf(stderr, "tafel serve: --retain-days must be from 1 to %d\n",
				        RETENTION_MAX_DAYS);
				return 2;
			}
			break;
		case 'h': host = optarg; break;
		case 'p':
			app.port = atoi(optarg);
			if (app.port <= 0 || app.port > 65535) {
				fprintf(stderr, "tafel serve: --port must be from 1 to 65535\n");
				return 2;
			}
			break;
		case 'd': db = optarg; break;
		case 't': templates = optarg; break;
		case 'w': app.web_dir = optarg; break;
		case 'k': app.admin_key = optarg; break;
		case 'a':
			if (origin_allow_origin(&app.origins, optarg) < 0) {
				fprintf(stderr, "tafel serve: --allow-origin %s: %s\n", optarg,
				        app.origins.n_origins == ORIGIN_MAX_ORIGINS ? "more than the 16 allowed" :
				        "give http:// or https:// and a host, e.g. https://tafel.example.org");
				return 2;
			}
			break;
		case 'A':
			if (origin_allow_host(&app.origins, optarg) < 0) {
				fprintf(stderr, "tafel serve: --allow-host %s: %s\n", optarg,
				        app.origins.n_hosts == ORIGIN_MAX_HOSTS ? "more than the 16 allowed" :
				        "give a host name or NAME:PORT, e.g. laptop.local");
				return 2;
			}
			break;
		case 'L': log_level = atoi(optarg); break;
		case 'l':
			if (tf_limits_set(&app.lim, optarg, err, sizeof err) < 0) {
				fprintf(stderr, "tafel serve: %s\n", err);
				return 2;
			}
			break;
		case 'E': tf_limits_print(&app.lim, stdout); return 0;
		case 'H': fputs(usage, stdout); return 0;
		default: fputs(usage, stderr); return 2;
		}
	}
	if (optind != argc) {
		fputs(usage, stderr);
		return 2;
	}
	if (app.lim.idle_close_s <= app.lim.idle_ping_s) {
		fprintf(stderr, "tafel serve: idle_close_s must be larger than idle_ping_s\n");
		return 2;
	}
	if (host && strcmp(host, "0.0.0.0"))
		app.origins.bind_host = host;
	if (!app.admin_key && getenv("TAFEL_ADMIN_KEY") && getenv("TAFEL_ADMIN_KEY")[0])
		app.admin_key = getenv("TAFEL_ADMIN_KEY");
	lws_set_log_level(log_level, NULL);
	if (!app.web_dir)
		app.web_dir = default_web_dir(dist, sizeof dist);
	if (!realpath(app.web_dir, webdir)) {
		fprintf(stderr, "tafel serve: the web folder %s does not exist\n", app.web_dir);
		return 1;
	}
	app.web_dir = webdir;

	if (store_open(db, &st) < 0) {
		fprintf(stderr, "tafel serve: the database %s cannot be opened\n", db);
		goto done;
	}
	tpls = tpl_set_load(templates);
	if (!tpls)
		goto done;
	netaddr_lan(app.lan_addr, sizeof app.lan_addr);

	if (uv_loop_init(&loop.uv) < 0) {
		fprintf(stderr, "tafel serve: cannot start the event loop\n");
		goto done;
	}
	loop_ready = 1;
	foreign_loops[0] = &loop.uv;

	memset(&info, 0, sizeof info);
	info.port = app.port;
	info.iface = host && strcmp(host, "0.0.0.0") ? host : NULL;
	info.protocols = protocols;
	m_files.mount_next = &m_api;
	info.mounts = &m_files;
	info.user = &app;
	/* lws's own idle pings are off (no hangup time): the hub's liveness sweep pings and
	 * drops silent peers, so that tablets that sleep or leave the Wi-Fi do not hold
	 * sockets for ever. */
	info.retry_and_idle_policy = &no_idle_policy;
	/* The one read buffer of the loop: a large request arrives in one read, not 4 KiB ones. */
	info.pt_serv_buf_size = 64 * 1024;
	/* Headers that trickle in are cut after header_timeout_s; lws times the header phase
	 * with timeout_secs_ah_idle, the rest of the handshake with timeout_secs. */
	info.timeout_secs = (unsigned int)app.lim.header_timeout_s;
	info.timeout_secs_ah_idle = (unsigned int)app.lim.header_timeout_s;
	info.options = LWS_SERVER_OPTION_HTTP_HEADERS_SECURITY_BEST_PRACTICES_ENFORCE |
	               LWS_SERVER_OPTION_VALIDATE_UTF8 | LWS_SERVER_OPTION_DISABLE_IPV6 |
	               LWS_SERVER_OPTION_LIBUV;
	info.foreign_loops = foreign_loops;
	info.pcontext = &loop.ctx;
	loop.ctx = lws_create_context(&info);
	if (!loop.ctx) {
		fprintf(stderr, "tafel serve: cannot listen on %s:%d (or the libuv event loop "
		        "plugin of libwebsockets is missing)\n", host ? host : "0.0.0.0", app.port);
		goto done;
	}
	app.hub = hub_new(loop.ctx, st, tpls, &app.lim);
	if (!app.hub)
		goto done;
	hub_set_code_prefix(app.hub, code_prefix);
	/* TAFEL_TEST_CLOCK_SKEW_S moves the retention sweep's clock, for the tests only
	 * (docs/testing.md); nothing else reads it. */
	if (retain_days && retention_start(loop.ctx, app.hub, retain_days,
	                                   getenv("TAFEL_TEST_CLOCK_SKEW_S") ?
	                                   atoll(getenv("TAFEL_TEST_CLOCK_SKEW_S")) * 1000 : 0,
	                                   &ret) < 0)
		goto done;

	signal(SIGPIPE, SIG_IGN);
	loop.sig_int.data = loop.sig_term.data = &loop;
	uv_signal_init(&loop.uv, &loop.sig_int);
	uv_signal_init(&loop.uv, &loop.sig_term);
	uv_signal_start(&loop.sig_int, on_stop_signal, SIGINT);
	uv_signal_start(&loop.sig_term, on_stop_signal, SIGTERM);

	printf("tafel: serving on http://%s:%d/\n", host ? host : "0.0.0.0", app.port);
	if (!host || strcmp(host, "0.0.0.0") == 0)
		printf("tafel: participants open http://%s:%d/\n", app.lan_addr, app.port);
	fflush(stdout);

	/* Runs until a stop signal. */
	uv_run(&loop.uv, UV_RUN_DEFAULT);
	rc = 0;
done:
	retention_stop(ret);
	if (app.hub)
		hub_detach_context(app.hub);
	if (loop_ready) {
		destroy_context(&loop);
		uv_loop_close(&loop.uv);
	}
	hub_free(app.hub);
	tpl_set_free(tpls);
	store_close(st);
	return rc;
}

static int serve(int argc, char **argv)
{
	struct conf_args conf = { NULL, 0 };
	char **args;
	int nargs, rc;

	if (with_config(argc, argv, serve_opts, &conf, &nargs, &args) < 0)
		return 2;
	rc = serve_args(nargs, args);
	if (args != argv)
		free(args);
	conf_args_free(&conf);
	return rc;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fputs(usage, stderr);
		return 2;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		fputs(usage, stdout);
		return 0;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("tafel %s\n", TAFEL_VERSION);
		return 0;
	}
	if (strcmp(argv[1], "serve") == 0)
		return serve(argc, argv);
	if (strcmp(argv[1], "export") == 0)
		return export_cmd(argc, argv);
	if (strcmp(argv[1], "check-template") == 0)
		return check_templates(argc, argv);
	if (strcmp(argv[1], "backup") == 0)
		return db_cmd(argc, argv, 1);
	if (strcmp(argv[1], "check") == 0)
		return db_cmd(argc, argv, 0);
	fprintf(stderr, "tafel: unknown command %s\n\n%s", argv[1], usage);
	return 2;
}
