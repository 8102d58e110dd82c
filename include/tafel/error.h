/* Error codes shared by every module: 0 is success, each failure a negative named code.
 * The protocol's error codes (`invalid`, `forbidden`, ...) map one to one onto these, so a
 * rule deep in the session core can say exactly what the client will read. */
#ifndef TAFEL_ERROR_H
#define TAFEL_ERROR_H

enum tf_err {
	TF_OK = 0,
	TF_E_BAD_JSON = -1,
	TF_E_UNKNOWN_TYPE = -2,
	TF_E_INVALID = -3,
	TF_E_NOT_JOINED = -4,
	TF_E_NOT_FOUND = -5,
	TF_E_FORBIDDEN = -6,
	TF_E_PHASE_CLOSED = -7,
	TF_E_VOTE_BUDGET = -8,
	TF_E_TOO_LARGE = -9,
	TF_E_RATE_LIMITED = -10,
	TF_E_SESSION_FULL = -11,
	TF_E_LIMIT_SESSIONS = -12,
	TF_E_STORAGE = -13,
	TF_E_NOMEM = -14,
	TF_E_UNAUTHORIZED = -15,
	TF_E_IO = -16,
	TF_E_LIMIT_REACHED = -17, /* a session holds as many of something as it may */
};

/* The protocol's name for an error code, e.g. "phase_closed". */
const char *tf_err_name(int err);

#endif
