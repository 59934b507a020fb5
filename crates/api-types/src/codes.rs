//! The stable `code`s of problem answers. Clients branch on these (the SPA
//! picks its translated message by code), never on `title` or `detail`.

pub const VALIDATION_FAILED: &str = "validation_failed";
pub const MALFORMED_JSON: &str = "malformed_json";
pub const UNSUPPORTED_MEDIA_TYPE: &str = "unsupported_media_type";
pub const PAYLOAD_TOO_LARGE: &str = "payload_too_large";
pub const UNAUTHORIZED: &str = "unauthorized";
/// Signed in, but this account may not do this (the funnel is for operators).
pub const FORBIDDEN: &str = "forbidden";
pub const INVALID_CREDENTIALS: &str = "invalid_credentials";
pub const EMAIL_TAKEN: &str = "email_taken";
pub const NOT_FOUND: &str = "not_found";
pub const METHOD_NOT_ALLOWED: &str = "method_not_allowed";
pub const VERSION_CONFLICT: &str = "version_conflict";
pub const PROFILE_INCOMPLETE: &str = "profile_incomplete";
pub const INTERNAL_ERROR: &str = "internal_error";
/// The request passed its deadline (see docs/operations.md).
pub const REQUEST_TIMEOUT: &str = "request_timeout";
/// Throttled: retry after `Retry-After` seconds.
pub const TOO_MANY_REQUESTS: &str = "too_many_requests";
/// At capacity (e.g. checking passwords): retry after `Retry-After` seconds.
pub const SERVER_BUSY: &str = "server_busy";

pub const VAPI_NOT_CONNECTED: &str = "vapi_not_connected";
pub const VAPI_KEY_REJECTED: &str = "vapi_key_rejected";
pub const VAPI_REQUEST_REJECTED: &str = "vapi_request_rejected";
pub const VAPI_UNAVAILABLE: &str = "vapi_unavailable";
pub const VAPI_TIMEOUT: &str = "vapi_timeout";
pub const VAPI_BAD_RESPONSE: &str = "vapi_bad_response";
/// Vapi asked Ava to slow down: retry after `Retry-After` seconds.
pub const VAPI_BUSY: &str = "vapi_busy";

pub const TWILIO_NOT_CONNECTED: &str = "twilio_not_connected";
pub const TWILIO_CREDENTIALS_REJECTED: &str = "twilio_credentials_rejected";
pub const TWILIO_ACCOUNT_INACTIVE: &str = "twilio_account_inactive";
pub const TWILIO_NUMBER_NOT_ON_ACCOUNT: &str = "twilio_number_not_on_account";
pub const TWILIO_UNAVAILABLE: &str = "twilio_unavailable";
pub const TWILIO_TIMEOUT: &str = "twilio_timeout";
pub const TWILIO_BAD_RESPONSE: &str = "twilio_bad_response";
pub const TWILIO_BUSY: &str = "twilio_busy";

pub const ASSISTANT_NOT_FOUND: &str = "assistant_not_found";
/// A test call needs an assistant and an imported number first.
pub const LINE_NOT_READY: &str = "line_not_ready";
/// A webhook without the secret Ava gave Vapi for this owner.
pub const WEBHOOK_UNAUTHORIZED: &str = "webhook_unauthorized";
pub const CROSS_SITE_REQUEST: &str = "cross_site_request";
/// None of the owner's sessions has this id.
pub const SESSION_NOT_FOUND: &str = "session_not_found";
/// A password change whose `current_password` is wrong.
pub const WRONG_PASSWORD: &str = "wrong_password";
/// A password-reset `token` that is unknown, used or expired (the field
/// error's code says which).
pub const INVALID_RESET_TOKEN: &str = "invalid_reset_token";

/// The `code`s of [`crate::problem::FieldError`].
pub mod field {
    pub const REQUIRED: &str = "required";
    pub const TOO_SHORT: &str = "too_short";
    pub const TOO_LONG: &str = "too_long";
    pub const INVALID: &str = "invalid";
    pub const CONTROL_CHARACTERS: &str = "control_characters";
    pub const INVALID_EMAIL: &str = "invalid_email";
    pub const INVALID_TIMEZONE: &str = "invalid_timezone";
    pub const INVALID_PHONE_NUMBER: &str = "invalid_phone_number";
    pub const INVALID_ACCOUNT_SID: &str = "invalid_account_sid";
    pub const INVALID_TIME_RANGE: &str = "invalid_time_range";
    pub const OVERLAPPING_TIME_RANGES: &str = "overlapping_time_ranges";
    pub const INVALID_DATE: &str = "invalid_date";
    pub const UNKNOWN_CHOICE: &str = "unknown_choice";
    pub const DUPLICATE: &str = "duplicate";
    pub const NOT_SKIPPABLE: &str = "not_skippable";
    pub const CANNOT_BE_UNDONE: &str = "cannot_be_undone";
    pub const REJECTED_BY_PROVIDER: &str = "rejected_by_provider";
    pub const TAKEN: &str = "taken";
    pub const NOT_ON_ACCOUNT: &str = "not_on_account";
    pub const UNKNOWN_FIELD: &str = "unknown_field";
    pub const WRONG_PASSWORD: &str = "wrong_password";
    /// Never issued, or superseded by a newer request.
    pub const RESET_TOKEN_UNKNOWN: &str = "reset_token_unknown";
    pub const RESET_TOKEN_USED: &str = "reset_token_used";
    pub const RESET_TOKEN_EXPIRED: &str = "reset_token_expired";
}
