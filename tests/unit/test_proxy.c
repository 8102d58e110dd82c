/* The client address behind a trusted proxy (proxy.c) and the configuration file's lines
 * (conf.c). */
#include <getopt.h>
#include <stdlib.h>
#include <unistd.h>

#include "check.h"
#include "tafel/conf.h"
#include "tafel/error.h"
#include "tafel/proxy.h"

static const char *client(const struct proxy_trust *t, const char *peer, const char *xff,
                          const char *real_ip)
{
	static char out[64];

	proxy_client_addr(t, peer, xff, real_ip, out, sizeof out);
	return out;
}

static void test_trust_list(void)
{
	struct proxy_trust t = { .n = 0 };

	CHECK_EQ_INT(proxy_trust_add(&t, "127.0.0.1"), TF_OK);
	CHECK_EQ_INT(proxy_trust_add(&t, "10.1.0.0/16"), TF_OK);
	CHECK_EQ_INT(proxy_trust_add(&t, "fd00::/8"), TF_OK);
	CHECK_EQ_INT(proxy_trust_add(&t, "1.2.3"), TF_E_INVALID);
	CHECK_EQ_INT(proxy_trust_add(&t, "10.0.0.0/33"), TF_E_INVALID);
	CHECK_EQ_INT(proxy_trust_add(&t, "10.0.0.0/"), TF_E_INVALID);
	CHECK_EQ_INT(proxy_trust_add(&t, "proxy.example"), TF_E_INVALID);
	CHECK(proxy_is_trusted(&t, "127.0.0.1"));
	CHECK(proxy_is_trusted(&t, "::ffff:127.0.0.1"));
	CHECK(!proxy_is_trusted(&t, "127.0.0.2"));
	CHECK(proxy_is_trusted(&t, "10.1.200.7"));
	CHECK(!proxy_is_trusted(&t, "10.2.0.1"));
	CHECK(proxy_is_trusted(&t, "fd12::1"));
	CHECK(!proxy_is_trusted(&t, "fe80::1"));
	CHECK(!proxy_is_trusted(&t, "garbage"));
	CHECK(!proxy_is_trusted(&t, NULL));
	for (int i = t.n; i < PROXY_MAX_TRUSTED; i++)
		CHECK_EQ_INT(proxy_trust_add(&t, "192.168.0.1"), TF_OK);
	CHECK_EQ_INT(proxy_trust_add(&t, "192.168.0.2"), TF_E_TOO_LARGE);
}

static void test_client_addr(void)
{
	struct proxy_trust none = { .n = 0 }, t = { .n = 0 };

	proxy_trust_add(&t, "127.0.0.1");
	proxy_trust_add(&t, "10.0.0.0/8");
	/* Nobody trusted: the headers are never read. */
	CHECK_STR(client(&none, "127.0.0.1", "203.0.113.9", "203.0.113.9"), "127.0.0.1");
	/* An untrusted peer cannot name another address. */
	CHECK_STR(client(&t, "198.51.100.4", "203.0.113.9", "203.0.113.9"), "198.51.100.4");
	/* The proxy's own addition is the last; what the client wrote to the left is ignored. */
	CHECK_STR(client(&t, "127.0.0.1", "1.1.1.1, 203.0.113.9", NULL), "203.0.113.9");
	CHECK_STR(client(&t, "127.0.0.1", "203.0.113.9", "198.51.100.1"), "203.0.113.9");
	/* A chain of trusted proxies is walked through. */
	CHECK_STR(client(&t, "127.0.0.1", "6.6.6.6, 203.0.113.9,10.0.0.5", NULL), "203.0.113.9");
	CHECK_STR(client(&t, "127.0.0.1", "10.0.0.7, 10.0.0.5", NULL), "10.0.0.7");
	/* X-Real-IP when there is no X-Forwarded-For; IPv6 written as such. */
	CHECK_STR(client(&t, "127.0.0.1", NULL, "2001:db8::7"), "2001:db8::7");
	CHECK_STR(client(&t, "127.0.0.1", NULL, " 203.0.113.9 "), "203.0.113.9");
	/* Not an address: the peer stays the address. */
	CHECK_STR(client(&t, "127.0.0.1", "unknown", NULL), "127.0.0.1");
	CHECK_STR(client(&t, "127.0.0.1", "203.0.113.9, junk", NULL), "127.0.0.1");
	CHECK_STR(client(&t, "127.0.0.1", NULL, "junk"), "127.0.0.1");
	CHECK_STR(client(&t, "127.0.0.1", NULL, NULL), "127.0.0.1");
	CHECK_STR(client(&t, "::ffff:127.0.0.1", "::ffff:203.0.113.9", NULL), "203.0.113.9");
}

static const struct option opts[] = {
	{ "port", required_argument, NULL, 'p' },
	{ "allow-host", required_argument, NULL, 'A' },
	{ "help", no_argument, NULL, 'H' },
	{ "config", required_argument, NULL, 'c' },
	{ "dry", no_argument, NULL, 'y' },
	{ NULL, 0, NULL, 0 },
};

static int read_text(const char *text, struct conf_args *a, char *err, size_t errlen)
{
	char path[] = "/tmp/tafel-conf-XXXXXX";
	int fd = mkstemp(path), rc;
	FILE *f = fdopen(fd, "w");

	fputs(text, f);
	fclose(f);
	rc = conf_read(path, opts, a, err, errlen);
	unlink(path);
	return rc;
}

static void test_conf(void)
{
	struct conf_args a;
	char err[300];

	CHECK_EQ_INT(read_text("# comment\n\n  port = 8081\nallow-host a.local\n"
	                       "allow-host=\"b.local\"\r\ndry\n", &a, err, sizeof err), TF_OK);
	CHECK_EQ_INT(a.argc, 4);
	if (a.argc == 4) {
		CHECK_STR(a.argv[0], "--port=8081");
		CHECK_STR(a.argv[1], "--allow-host=a.local");
		CHECK_STR(a.argv[2], "--allow-host=b.local");
		CHECK_STR(a.argv[3], "--dry");
		CHECK(a.argv[4] == NULL);
	}
	conf_args_free(&a);
	CHECK_EQ_INT(read_text("port = 1\nbogus = 2\n", &a, err, sizeof err), TF_E_INVALID);
	CHECK(strstr(err, ":2: bogus: not an option") != NULL);
	CHECK(a.argv == NULL && a.argc == 0);
	CHECK_EQ_INT(read_text("port\n", &a, err, sizeof err), TF_E_INVALID);
	CHECK(strstr(err, ":1: port: needs a value") != NULL);
	CHECK_EQ_INT(read_text("dry = yes\n", &a, err, sizeof err), TF_E_INVALID);
	CHECK(strstr(err, "takes no value") != NULL);
	/* A file cannot name another file or ask for help. */
	CHECK_EQ_INT(read_text("config = /etc/x\n", &a, err, sizeof err), TF_E_INVALID);
	CHECK_EQ_INT(read_text("help\n", &a, err, sizeof err), TF_E_INVALID);
	CHECK_EQ_INT(conf_read("/nonexistent/tafel.conf", opts, &a, err, sizeof err), TF_E_IO);
}

int main(void)
{
	test_trust_list();
	test_client_addr();
	test_conf();
	return check_report();
}
