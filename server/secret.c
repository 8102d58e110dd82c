#include <ctype.h>
#include <errno.h>
#include <string.h>
#include <sys/random.h>

#include <openssl/crypto.h>
#include <openssl/sha.h>

#include "tafel/error.h"
#include "tafel/secret.h"

/* Join codes use 23 symbols without look-alikes, so a code read aloud or typed on a tablet
 * is not mistaken; six of them give 148 million codes. Keys are never typed, so they use a
 * larger lower-case alphabet: 32 symbols, five bits each. */
static const char alphabet[] = "ACDEFGHJKMNPQRTWXY34679";
static const char key_alphabet[] = "abcdefghijkmnpqrstuvwxyz23456789";

int secret_random(void *buf, size_t n)
{
	unsigned char *p = buf;

	while (n > 0) {
		ssize_t got = getrandom(p, n, 0);

		if (got < 0) {
			if (errno == EINTR)
				continue;
			return TF_E_IO;
		}
		p += got;
		n -= (size_t)got;
	}
	return TF_OK;
}

/* Draws symbols without modulo bias by rejecting bytes past the last whole multiple. */
static int draw(const char *set, size_t setlen, char *out, size_t n)
{
	unsigned limit = 256 - (256 % setlen);
	size_t filled = 0;

	while (filled < n) {
		unsigned char bytes[64];

		if (secret_random(bytes, sizeof bytes) < 0)
			return TF_E_IO;
		for (size_t i = 0; i < sizeof bytes && filled < n; i++)
			if (bytes[i] < limit)
				out[filled++] = set[bytes[i] % setlen];
	}
	out[n] = '\0';
	return TF_OK;
}

int secret_new_code(char out[SECRET_CODE_LEN + 1])
{
	return draw(alphabet, sizeof alphabet - 1, out, SECRET_CODE_LEN);
}

int secret_normalize_code(const char *in, char out[SECRET_CODE_LEN + 1])
{
	size_t n = 0;

	for (const char *p = in; *p; p++) {
		char c = (char)toupper((unsigned char)*p);

		if (*p == ' ' || *p == '-')
			continue;
		if (n == SECRET_CODE_LEN || !strchr(alphabet, c) || c == '\0')
			return TF_E_INVALID;
		out[n++] = c;
	}
	if (n != SECRET_CODE_LEN)
		return TF_E_INVALID;
	out[n] = '\0';
	return TF_OK;
}

int secret_new_key(char out[SECRET_KEY_CHARS + 1])
{
	return draw(key_alphabet, sizeof key_alphabet - 1, out, SECRET_KEY_CHARS);
}

void secret_hash(const char *key, uint8_t out[SECRET_HASH_LEN])
{
	SHA256((const unsigned char *)key, strlen(key), out);
}

int secret_hash_equal(const uint8_t a[SECRET_HASH_LEN], const uint8_t b[SECRET_HASH_LEN])
{
	return CRYPTO_memcmp(a, b, SECRET_HASH_LEN) == 0;
}
