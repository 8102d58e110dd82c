/* Secrets and codes: join codes people read aloud, facilitator keys and participant tokens
 * from the operating system's random source, and the hashes under which keys are stored. */
#ifndef TAFEL_SECRET_H
#define TAFEL_SECRET_H

#include <stddef.h>
#include <stdint.h>

#define SECRET_CODE_LEN 6     /* join code characters */
#define SECRET_KEY_CHARS 32   /* 32 characters from a 32-symbol alphabet: 160 bits */
#define SECRET_HASH_LEN 32    /* SHA-256 */

/* Fills buf with n random bytes from getrandom(2). Returns 0 or TF_E_IO. */
int secret_random(void *buf, size_t n);

/* Writes a new join code (SECRET_CODE_LEN characters and a NUL) into out. The alphabet leaves
 * out look-alikes (0/O, 1/I/L, 5/S, 2/Z, 8/B, U/V). Returns 0 or TF_E_IO. */
int secret_new_code(char out[SECRET_CODE_LEN + 1]);

/* Normalizes a code typed by a person: upper case; returns 0, or TF_E_INVALID when it can
 * not be a code. */
int secret_normalize_code(const char *in, char out[SECRET_CODE_LEN + 1]);

/* Writes a new key (SECRET_KEY_CHARS characters and a NUL). Returns 0 or TF_E_IO. */
int secret_new_key(char out[SECRET_KEY_CHARS + 1]);

/* SHA-256 of a key, the form in which keys are stored and compared. */
void secret_hash(const char *key, uint8_t out[SECRET_HASH_LEN]);

/* Compares two hashes in constant time: 1 when equal. */
int secret_hash_equal(const uint8_t a[SECRET_HASH_LEN], const uint8_t b[SECRET_HASH_LEN]);

#endif
