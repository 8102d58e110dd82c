#include "tafel/error.h"

const char *tf_err_name(int err)
{
	switch (err) {
	case TF_OK: return "ok";
	case TF_E_BAD_JSON: return "bad_json";
	case TF_E_UNKNOWN_TYPE: return "unknown_type";
	case TF_E_INVALID: return "invalid";
	case TF_E_NOT_JOINED: return "not_joined";
	case TF_E_NOT_FOUND: return "not_found";
	case TF_E_FORBIDDEN: return "forbidden";
	case TF_E_PHASE_CLOSED: return "phase_closed";
	case TF_E_VOTE_BUDGET: return "vote_budget";
	case TF_E_TOO_LARGE: return "too_large";
	case TF_E_RATE_LIMITED: return "rate_limited";
	case TF_E_SESSION_FULL: return "session_full";
	case TF_E_LIMIT_SESSIONS: return "limit_sessions";
	case TF_E_STORAGE: return "storage";
	case TF_E_NOMEM: return "out_of_memory";
	case TF_E_UNAUTHORIZED: return "unauthorized";
	case TF_E_IO: return "io";
	case TF_E_LIMIT_REACHED: return "limit_reached";
	}
	return "internal";
}
