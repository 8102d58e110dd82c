/* A blocking HTTP/1.1 client for the few API calls the load generator makes (create a
 * session, export it, health checks). One request per connection, Connection: close. */
#include "lg.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int lg_http(const char *host, int port, const char *method, const char *path,
	    const char *auth_key, const char *req_body, char *body, size_t cap)
{
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
	int fd, one = 1, status = -1;
	size_t blen = req_body ? strlen(req_body) : 0, have = 0, bufcap = 1 << 16;
	char auth[300] = "", *req, *buf;

	if (inet_pton(AF_INET, host, &sa.sin_addr) != 1)
		return -1;
	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) < 0)
		return -1;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	if (connect(fd, (struct sockaddr *)&sa, sizeof sa) < 0) {
		close(fd);
		return -1;
	}
	if (auth_key)
		snprintf(auth, sizeof auth, "Authorization: Bearer %s\r\n", auth_key);
	req = malloc(blen + 1024);
	buf = malloc(bufcap);
	if (!req || !buf)
		goto out;
	int rl = snprintf(req, blen + 1024,
			  "%s %s HTTP/1.1\r\nHost: %s:%d\r\n%sContent-Type: application/json\r\n"
			  "Content-Length: %zu\r\nConnection: close\r\n\r\n",
			  method, path, host, port, auth, blen);
	if (blen)
		memcpy(req + rl, req_body, blen);
	for (size_t off = 0, tot = (size_t)rl + blen; off < tot;) {
		ssize_t w = write(fd, req + off, tot - off);
		if (w <= 0)
			goto out;
		off += (size_t)w;
	}
	for (;;) {
		if (have + 1 >= bufcap) {
			char *nb = realloc(buf, bufcap * 2);
			if (!nb)
				goto out;
			buf = nb;
			bufcap *= 2;
		}
		ssize_t r = read(fd, buf + have, bufcap - have - 1);
		if (r <= 0)
			break;
		have += (size_t)r;
	}
	buf[have] = 0;
	if (sscanf(buf, "HTTP/1.%*d %d", &status) != 1)
		status = -1;
	if (body && cap) {
		char *b = strstr(buf, "\r\n\r\n");
		b = b ? b + 4 : buf + have;
		/* The server may answer chunked; callers only parse small JSON bodies or just
		 * measure, so a chunk-size line is skipped when present. */
		if (strstr(buf, "Transfer-Encoding: chunked") || strstr(buf, "transfer-encoding: chunked")) {
			char *nl = strstr(b, "\r\n");
			if (nl)
				b = nl + 2;
		}
		snprintf(body, cap, "%s", b);
	}
out:
	free(req);
	free(buf);
	close(fd);
	return status;
}
