/* The client address behind trusted reverse proxies (include/tafel/proxy.h). */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tafel/error.h"
#include "tafel/proxy.h"

/* An address as 16 bytes, IPv4 mapped into ::ffff:0:0/96. 0, or -1 when it is not one. */
static int parse_addr(const char *s, size_t len, uint8_t out[16])
{
	char buf[64];
	struct in_addr v4;

	while (len && (*s == ' ' || *s == '\t'))
		s++, len--;
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	if (!len || len >= sizeof buf)
		return -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	if (inet_pton(AF_INET, buf, &v4) == 1) {
		memset(out, 0, 10);
		out[10] = out[11] = 0xff;
		memcpy(out + 12, &v4, 4);
		return 0;
	}
	return inet_pton(AF_INET6, buf, out) == 1 ? 0 : -1;
}

static int is_v4_mapped(const uint8_t a[16])
{
	static const uint8_t prefix[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };

	return memcmp(a, prefix, 12) == 0;
}

int proxy_trust_add(struct proxy_trust *t, const char *value)
{
	const char *slash = strchr(value, '/');
	size_t len = slash ? (size_t)(slash - value) : strlen(value);
	struct proxy_net n;
	char *end;
	long bits;

	if (parse_addr(value, len, n.addr) < 0)
		return TF_E_INVALID;
	n.bits = 128;
	if (slash) {
		bits = strtol(slash + 1, &end, 10);
		if (end == slash + 1 || *end)
			return TF_E_INVALID;
		if (is_v4_mapped(n.addr))
			bits += 96; /* a v4 prefix counts from the mapped address's 97th bit */
		if (bits < (is_v4_mapped(n.addr) ? 96 : 0) || bits > 128)
			return TF_E_INVALID;
		n.bits = (int)bits;
	}
	if (t->n == PROXY_MAX_TRUSTED)
		return TF_E_TOO_LARGE;
	t->nets[t->n++] = n;
	return TF_OK;
}

static int in_net(const struct proxy_net *n, const uint8_t a[16])
{
	int full = n->bits / 8, rest = n->bits % 8;

	if (memcmp(n->addr, a, (size_t)full) != 0)
		return 0;
	if (!rest)
		return 1;
	return ((n->addr[full] ^ a[full]) & (0xff << (8 - rest)) & 0xff) == 0;
}

static int trusted_bytes(const struct proxy_trust *t, const uint8_t a[16])
{
	for (int i = 0; i < t->n; i++)
		if (in_net(&t->nets[i], a))
			return 1;
	return 0;
}

int proxy_is_trusted(const struct proxy_trust *t, const char *addr)
{
	uint8_t a[16];

	if (!addr || parse_addr(addr, strlen(addr), a) < 0)
		return 0;
	return trusted_bytes(t, a);
}

/* Writes the address of bytes a the way libwebsockets writes a peer (plain a.b.c.d for v4). */
static void format_addr(const uint8_t a[16], char *out, size_t outlen)
{
	char buf[INET6_ADDRSTRLEN];

	if (is_v4_mapped(a))
		inet_ntop(AF_INET, a + 12, buf, sizeof buf);
	else
		inet_ntop(AF_INET6, a, buf, sizeof buf);
	snprintf(out, outlen, "%s", buf);
}

void proxy_client_addr(const struct proxy_trust *t, const char *peer, const char *xff,
                       const char *real_ip, char *out, size_t outlen)
{
	uint8_t a[16];
	size_t end;

	snprintf(out, outlen, "%s", peer ? peer : "");
	if (!proxy_is_trusted(t, peer))
		return;
	if (xff && *xff) {
		/* From the right: the address each trusted proxy was reached from. */
		end = strlen(xff);
		while (end) {
			size_t start = end;

			while (start && xff[start - 1] != ',')
				start--;
			if (parse_addr(xff + start, end - start, a) < 0)
				return;
			if (!trusted_bytes(t, a) || start == 0) {
				format_addr(a, out, outlen);
				return;
			}
			end = start - 1;
		}
		return;
	}
	if (real_ip && parse_addr(real_ip, strlen(real_ip), a) == 0)
		format_addr(a, out, outlen);
}
