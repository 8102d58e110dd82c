/* Unit tests of the Host and Origin rules (server/origin.c): which names are loopback, which
 * Hosts the server answers to and trusts without a key, which Origins go with a Host, the
 * JSON Content-Type, the order of the checks, and the join link's base. */
#include "check.h"
#include "tafel/error.h"
#include "tafel/origin.h"

static void test_loopback(void)
{
	static const char *yes[] = { "localhost", "LOCALHOST:8080", "127.0.0.1", "127.0.0.1:80",
	                             "127.9.8.7:65535", "[::1]", "[::1]:8080", "0.0.0.0:8080",
	                             "[::ffff:127.0.0.1]:1" };
	static const char *no[] = { "localhost.evil.example", "localhost.", "127.0.0.1.evil.example",
	                            "127.evil.example", "evil.example", "192.168.1.20:8080",
	                            "[::2]:8080", "localhost:", "localhost:0", "localhost:65536",
	                            "localhost:80x", "127.0.0.1 ", "local host", "user@localhost",
	                            "localhost/x", "[::1", "[::1]8080", "", "[]", "128.0.0.1",
	                            "0.0.0.1", "0", "[::]" };

	for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
		CHECK(origin_host_is_loopback(yes[i]));
	for (size_t i = 0; i < sizeof no / sizeof *no; i++)
		CHECK(!origin_host_is_loopback(no[i]));
	CHECK(!origin_host_is_loopback(NULL));
}

static void test_config(void)
{
	struct origin_policy p = { .n_hosts = 0 };

	CHECK_EQ_INT(origin_allow_host(&p, "tafel.example.org"), TF_OK);
	CHECK_EQ_INT(origin_allow_host(&p, "laptop.local:8080"), TF_OK);
	CHECK_EQ_INT(origin_allow_host(&p, "http://tafel.example.org"), TF_E_INVALID);
	CHECK_EQ_INT(origin_allow_host(&p, "tafel.example.org/"), TF_E_INVALID);
	CHECK_EQ_INT(origin_allow_host(&p, "*"), TF_E_INVALID);
	CHECK_EQ_INT(origin_allow_host(&p, ""), TF_E_INVALID);
	CHECK_EQ_INT(p.n_hosts, 2);
	while (p.n_hosts < ORIGIN_MAX_HOSTS)
		CHECK_EQ_INT(origin_allow_host(&p, "x.example"), TF_OK);
	CHECK_EQ_INT(origin_allow_host(&p, "y.example"), TF_E_TOO_LARGE);

	CHECK_EQ_INT(origin_allow_origin(&p, "https://tafel.example.org"), TF_OK);
	CHECK_EQ_INT(origin_allow_origin(&p, "http://allowed.example:9000/"), TF_OK);
	CHECK_EQ_INT(origin_allow_origin(&p, "tafel.example.org"), TF_E_INVALID);
	CHECK_EQ_INT(origin_allow_origin(&p, "ftp://tafel.example.org"), TF_E_INVALID);
	CHECK_EQ_INT(origin_allow_origin(&p, "https://tafel.example.org/app"), TF_E_INVALID);
	CHECK_EQ_INT(origin_allow_origin(&p, "null"), TF_E_INVALID);
	CHECK_EQ_INT(p.n_origins, 2);
}

static void test_hosts(void)
{
	struct origin_policy p = { .bind_host = "tafel.lan" };

	origin_allow_host(&p, "laptop.local");
	origin_allow_host(&p, "fixed.example:8080");
	origin_allow_origin(&p, "https://public.example.org");

	/* answered */
	CHECK(origin_host_allowed(&p, NULL));
	CHECK(origin_host_allowed(&p, "localhost:8080"));
	CHECK(origin_host_allowed(&p, "127.0.0.1:8080"));
	CHECK(origin_host_allowed(&p, "192.168.1.20:8080"));  /* an address cannot be rebound */
	CHECK(origin_host_allowed(&p, "[fe80::1]:8080"));
	CHECK(origin_host_allowed(&p, "tafel.lan:8080"));
	CHECK(origin_host_allowed(&p, "LAPTOP.local:1234"));
	CHECK(origin_host_allowed(&p, "fixed.example:8080"));
	CHECK(origin_host_allowed(&p, "public.example.org"));
	/* not answered: names nobody configured, a port the entry does not give, junk */
	CHECK(!origin_host_allowed(&p, "evil.example:8080"));
	CHECK(!origin_host_allowed(&p, "localhost.evil.example:8080"));
	CHECK(!origin_host_allowed(&p, "laptop.local.evil.example"));
	CHECK(!origin_host_allowed(&p, "fixed.example:8081"));
	CHECK(!origin_host_allowed(&p, "fixed.example"));
	CHECK(!origin_host_allowed(&p, "127.0.0.1\"x"));
	CHECK(!origin_host_allowed(&p, ""));

	/* trusted for key-less organizer calls: loopback, --host, --allow-host only */
	CHECK(origin_host_trusted(&p, NULL));
	CHECK(origin_host_trusted(&p, "localhost:8080"));
	CHECK(origin_host_trusted(&p, "127.0.0.1:8080"));
	CHECK(origin_host_trusted(&p, "tafel.lan:8080"));
	CHECK(origin_host_trusted(&p, "laptop.local"));
	CHECK(!origin_host_trusted(&p, "192.168.1.20:8080"));
	CHECK(!origin_host_trusted(&p, "public.example.org"));
	CHECK(!origin_host_trusted(&p, "evil.example"));
}

static void test_origins(void)
{
	struct origin_policy p = { .n_hosts = 0 };

	origin_allow_host(&p, "laptop.local");
	origin_allow_origin(&p, "https://public.example.org/");
	origin_allow_origin(&p, "http://allowed.example");

	CHECK(origin_origin_allowed(&p, NULL, "evil.example"));
	/* the server's own origin, as the browser reached it */
	CHECK(origin_origin_allowed(&p, "http://127.0.0.1:8080", "127.0.0.1:8080"));
	CHECK(origin_origin_allowed(&p, "http://LOCALHOST:8080", "localhost:8080"));
	CHECK(origin_origin_allowed(&p, "http://localhost", "localhost:80"));
	CHECK(origin_origin_allowed(&p, "http://192.168.1.20:8080", "192.168.1.20:8080"));
	CHECK(origin_origin_allowed(&p, "http://laptop.local:8080", "laptop.local:8080"));
	/* https only for a name the operator gave (a TLS proxy in front) */
	CHECK(origin_origin_allowed(&p, "https://laptop.local", "laptop.local"));
	CHECK(!origin_origin_allowed(&p, "https://127.0.0.1:8080", "127.0.0.1:8080"));
	/* listed origins, with any Host */
	CHECK(origin_origin_allowed(&p, "https://public.example.org", "127.0.0.1:8080"));
	CHECK(origin_origin_allowed(&p, "https://public.example.org:443", "127.0.0.1:8080"));
	CHECK(origin_origin_allowed(&p, "http://allowed.example", "127.0.0.1:8080"));
	CHECK(!origin_origin_allowed(&p, "http://public.example.org", "127.0.0.1:8080"));
	/* DNS rebinding: Origin and Host agree, but the name is nobody's */
	CHECK(!origin_origin_allowed(&p, "http://evil.example:8080", "evil.example:8080"));
	/* cross-site */
	CHECK(!origin_origin_allowed(&p, "http://evil.example", "127.0.0.1:8080"));
	CHECK(!origin_origin_allowed(&p, "http://127.0.0.1:8081", "127.0.0.1:8080"));
	CHECK(!origin_origin_allowed(&p, "http://localhost.evil.example:8080", "127.0.0.1:8080"));
	CHECK(!origin_origin_allowed(&p, "http://localhost:8080", "127.0.0.1:8080"));
	CHECK(!origin_origin_allowed(&p, "null", "127.0.0.1:8080"));
	CHECK(!origin_origin_allowed(&p, "http://127.0.0.1:8080/", "127.0.0.1:8080"));
	CHECK(!origin_origin_allowed(&p, "http://127.0.0.1:8080", NULL));
}

static void test_json(void)
{
	CHECK(origin_is_json("application/json"));
	CHECK(origin_is_json("Application/JSON"));
	CHECK(origin_is_json("application/json; charset=utf-8"));
	CHECK(origin_is_json("application/json;charset=UTF-8"));
	CHECK(origin_is_json(" application/json "));
	CHECK(!origin_is_json(NULL));
	CHECK(!origin_is_json(""));
	CHECK(!origin_is_json("text/plain"));
	CHECK(!origin_is_json("text/plain; application/json"));
	CHECK(!origin_is_json("application/x-www-form-urlencoded"));
	CHECK(!origin_is_json("multipart/form-data; boundary=x"));
	CHECK(!origin_is_json("application/jsonp"));
	CHECK(!origin_is_json("application/json-seq"));
}

static void test_check(void)
{
	struct origin_policy p = { .n_hosts = 0 };
	struct origin_request r;

	/* the three requests */
	r = (struct origin_request){ "evil.example:8080", "http://evil.example:8080", NULL, NULL,
	                             1, 0 };
	CHECK_EQ_INT(origin_check(&p, &r), ORIGIN_HOST_NOT_ALLOWED);
	r = (struct origin_request){ "127.0.0.1:8080", "http://evil.example", NULL, "text/plain",
	                             1, 1 };
	CHECK_EQ_INT(origin_check(&p, &r), ORIGIN_NOT_ALLOWED);
	r = (struct origin_request){ "127.0.0.1:8080", NULL, NULL, "text/plain", 1, 1 };
	CHECK_EQ_INT(origin_check(&p, &r), ORIGIN_NOT_JSON);
	/* a link or image from another site carries no Origin */
	r = (struct origin_request){ "127.0.0.1:8080", NULL, "cross-site", NULL, 1, 0 };
	CHECK_EQ_INT(origin_check(&p, &r), ORIGIN_CROSS_SITE);
	r = (struct origin_request){ "127.0.0.1:8080", NULL, "same-site", NULL, 1, 0 };
	CHECK_EQ_INT(origin_check(&p, &r), ORIGIN_CROSS_SITE);
	/* the app's own requests, and curl */
	r = (struct origin_request){ "127.0.0.1:8080", NULL, "same-origin", NULL, 1, 0 };
	CHECK_EQ_INT(origin_check(&p, &r), ORIGIN_OK);
	r = (struct origin_request){ "127.0.0.1:8080", NULL, "none", NULL, 1, 0 };
	CHECK_EQ_INT(origin_check(&p, &r), ORIGIN_OK);
	r = (struct origin_request){ "localhost:8080", "http://localhost:8080", "same-origin",
	                             "application/json; charset=utf-8", 1, 1 };
	CHECK_EQ_INT(origin_check(&p, &r), ORIGIN_OK);
	r = (struct origin_request){ "127.0.0.1:8080", NULL, NULL, "application/json", 1, 1 };
	CHECK_EQ_INT(origin_check(&p, &r), ORIGIN_OK);
	/* "null" passes only when the browser says the page is the server's own */
	r = (struct origin_request){ "127.0.0.1:8080", "null", "same-origin", "application/json",
	                             1, 1 };
	CHECK_EQ_INT(origin_check(&p, &r), ORIGIN_OK);
	r = (struct origin_request){ "127.0.0.1:8080", "null", "cross-site", NULL, 1, 0 };
	CHECK_EQ_INT(origin_check(&p, &r), ORIGIN_NOT_ALLOWED);
	r = (struct origin_request){ "127.0.0.1:8080", "null", NULL, NULL, 1, 0 };
	CHECK_EQ_INT(origin_check(&p, &r), ORIGIN_NOT_ALLOWED);
	r = (struct origin_request){ "evil.example", "null", "same-origin", NULL, 1, 0 };
	CHECK_EQ_INT(origin_check(&p, &r), ORIGIN_HOST_NOT_ALLOWED);
	/* an unguarded call (templates, QR code) still needs an allowed Host only */
	r = (struct origin_request){ "127.0.0.1:8080", "http://evil.example", "cross-site", NULL,
	                             0, 0 };
	CHECK_EQ_INT(origin_check(&p, &r), ORIGIN_OK);
	r = (struct origin_request){ "evil.example", NULL, NULL, NULL, 0, 0 };
	CHECK_EQ_INT(origin_check(&p, &r), ORIGIN_HOST_NOT_ALLOWED);

	CHECK_EQ_INT(origin_verdict_status(ORIGIN_HOST_NOT_ALLOWED), 403);
	CHECK_EQ_INT(origin_verdict_status(ORIGIN_NOT_ALLOWED), 403);
	CHECK_EQ_INT(origin_verdict_status(ORIGIN_CROSS_SITE), 403);
	CHECK_EQ_INT(origin_verdict_status(ORIGIN_NOT_JSON), 415);
	CHECK_STR(origin_verdict_code(ORIGIN_HOST_NOT_ALLOWED), "host_not_allowed");
	CHECK_STR(origin_verdict_code(ORIGIN_NOT_ALLOWED), "origin_not_allowed");
	CHECK_STR(origin_verdict_code(ORIGIN_CROSS_SITE), "cross_site");
	CHECK_STR(origin_verdict_code(ORIGIN_NOT_JSON), "unsupported_media_type");
	CHECK(strstr(origin_verdict_message(ORIGIN_HOST_NOT_ALLOWED), "--allow-host") != NULL);
}

static void test_join_base(void)
{
	struct origin_policy p = { .n_hosts = 0 };
	char out[300];

	origin_allow_host(&p, "laptop.local");
	origin_allow_origin(&p, "https://public.example.org");
	origin_join_base(&p, "127.0.0.1:8080", "192.168.1.20", 8080, out, sizeof out);
	CHECK_STR(out, "http://192.168.1.20:8080");
	origin_join_base(&p, "localhost:8080", "192.168.1.20", 8080, out, sizeof out);
	CHECK_STR(out, "http://192.168.1.20:8080");
	origin_join_base(&p, NULL, "192.168.1.20", 8080, out, sizeof out);
	CHECK_STR(out, "http://192.168.1.20:8080");
	origin_join_base(&p, "192.168.1.20:8080", "10.0.0.1", 8080, out, sizeof out);
	CHECK_STR(out, "http://192.168.1.20:8080");
	origin_join_base(&p, "laptop.local:8080", "192.168.1.20", 8080, out, sizeof out);
	CHECK_STR(out, "http://laptop.local:8080");
	origin_join_base(&p, "public.example.org", "192.168.1.20", 8080, out, sizeof out);
	CHECK_STR(out, "https://public.example.org");
	origin_join_base(&p, "evil.example\"<x", "192.168.1.20", 8080, out, sizeof out);
	CHECK_STR(out, "http://192.168.1.20:8080");
	origin_join_base(&p, "evil.example", "192.168.1.20", 8080, out, sizeof out);
	CHECK_STR(out, "http://192.168.1.20:8080");
}

static void test_printable(void)
{
	char out[8];

	origin_printable("ab\ncd\x7f" "e", out, sizeof out);
	CHECK_STR(out, "ab?cd?e");
	origin_printable("0123456789", out, sizeof out);
	CHECK_STR(out, "0123456");
	origin_printable(NULL, out, sizeof out);
	CHECK_STR(out, "");
}

int main(void)
{
	test_loopback();
	test_config();
	test_hosts();
	test_origins();
	test_json();
	test_check();
	test_join_base();
	test_printable();
	return check_report();
}
