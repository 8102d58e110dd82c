#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "tafel/netaddr.h"

void netaddr_lan(char *out, size_t outlen)
{
	struct ifaddrs *all, *i;

	snprintf(out, outlen, "127.0.0.1");
	if (getifaddrs(&all) < 0)
		return;
	for (i = all; i; i = i->ifa_next) {
		if (!i->ifa_addr || i->ifa_addr->sa_family != AF_INET ||
		    !(i->ifa_flags & IFF_UP) || (i->ifa_flags & IFF_LOOPBACK))
			continue;
		inet_ntop(AF_INET, &((struct sockaddr_in *)(void *)i->ifa_addr)->sin_addr, out,
		          (socklen_t)outlen);
		break;
	}
	freeifaddrs(all);
}

int netaddr_is_loopback(const char *peer)
{
	if (strncmp(peer, "::ffff:", 7) == 0)
		peer += 7;
	return strncmp(peer, "127.", 4) == 0 || strcmp(peer, "::1") == 0;
}

int netaddr_is_localhost(const char *peer)
{
	if (strncmp(peer, "::ffff:", 7) == 0)
		peer += 7;
	return strcmp(peer, "127.0.0.1") == 0 || strcmp(peer, "::1") == 0;
}

int netaddr_host_is_loopback(const char *host)
{
	return strncasecmp(host, "localhost", 9) == 0 || strncmp(host, "127.", 4) == 0 ||
	       strncmp(host, "[::1]", 5) == 0;
}
