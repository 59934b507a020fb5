//! Extractors: a JSON body whose every failure is a precise problem, and the
//! signed-in owner (bearer token or session cookie).

use axum::{
    body::Bytes,
    extract::{FromRequest, FromRequestParts, Request},
    http::{HeaderMap, StatusCode, header, request::Parts},
};
use axum_extra::extract::CookieJar;
use serde::{Serialize, de::DeserializeOwned};
use serde_json::Value;

use ava_api_types::codes::{self, field};
use ava_domain::{ids::UserId, session::SessionToken};

use crate::{error::ApiError, state::AppState};

/// The name of the session cookie set at sign-up and log-in, in development.
pub const SESSION_COOKIE: &str = "ava_session";

/// Behind HTTPS the cookie carries the `__Host-` prefix: browsers then keep
/// it only when Secure, for this host alone (no `Domain`), on every path.
pub fn session_cookie_name(secure: bool) -> &'static str {
    if secure {
        "__Host-ava_session"
    } else {
        SESSION_COOKIE
    }
}

/// A JSON request body. Refusals: 415 without a JSON content type, 413 over
/// the body limit, 400 for JSON that does not parse, 422 naming the field
/// whose value has the wrong type or shape.
pub struct ValidJson<T>(pub T);

fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .map(|mime| {
            let mime = mime.trim().to_ascii_lowercase();
            mime == "application/json"
                || (mime.starts_with("application/") && mime.ends_with("+json"))
        })
        .unwrap_or(false)
}

/// Serde reads a struct from an array too (`[null, true]`, by position):
/// the first place where the body has an array and the request type an
/// object, as a dotted path (`body` for the whole body).
fn array_for_object<T: Serialize>(body: &[u8], value: &T) -> Option<String> {
    fn walk(sent: &Value, read: &Value, path: &str) -> Option<String> {
        let at = |key: &str| match path {
            "" => key.to_owned(),
            _ => format!("{path}.{key}"),
        };
        match (sent, read) {
            (Value::Array(_), Value::Object(_)) => Some(if path.is_empty() {
                "body".to_owned()
            } else {
                path.to_owned()
            }),
            (Value::Object(sent), Value::Object(read)) => read
                .iter()
                .find_map(|(key, read)| walk(sent.get(key)?, read, &at(key))),
            (Value::Array(sent), Value::Array(read)) => sent
                .iter()
                .zip(read)
                .enumerate()
                .find_map(|(index, (sent, read))| walk(sent, read, &at(&index.to_string()))),
            _ => None,
        }
    }
    let sent: Value = serde_json::from_slice(body).ok()?;
    let read = serde_json::to_value(value).ok()?;
    walk(&sent, &read, "")
}

/// Serde's message without the value it quotes (it may be a secret) nor
/// the position: "expected a string", "expected one of `warm`, …".
fn describe(message: &str) -> String {
    let message = message.split(" at line ").next().unwrap_or(message);
    match message.split_once(", expected ") {
        Some((_, expected)) => format!("expected {expected}"),
        None if message.starts_with("invalid type") || message.starts_with("invalid value") => {
            "has the wrong type".to_owned()
        }
        None => message.to_owned(),
    }
}

/// The name between the first pair of backticks.
fn quoted(message: &str) -> Option<&str> {
    message.split('`').nth(1)
}

/// The field `name` under `path`: the path of a missing field is its
/// parent's, the path of an unknown field is already its own.
fn join(path: &str, name: &str) -> String {
    if path == "." {
        name.to_owned()
    } else if path == name || path.ends_with(&format!(".{name}")) {
        path.to_owned()
    } else {
        format!("{path}.{name}")
    }
}

fn data_error(path: &str, message: &str) -> ApiError {
    let problem = ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, codes::VALIDATION_FAILED)
        .detail("Some fields are invalid.");
    if let (true, Some(name)) = (message.starts_with("missing field"), quoted(message)) {
        let name = join(path, name);
        let detail = format!("{name} is required");
        return problem.field(&name, field::REQUIRED, detail);
    }
    if let (true, Some(name)) = (message.starts_with("unknown field"), quoted(message)) {
        let name = join(path, name);
        let detail = format!("{name} is not a field of this request");
        return problem.field(&name, field::UNKNOWN_FIELD, detail);
    }
    let name = if path == "." { "body" } else { path };
    problem.field(
        name,
        field::INVALID,
        format!("{name} {}", describe(message)),
    )
}

impl<T, S> FromRequest<S> for ValidJson<T>
where
    T: DeserializeOwned + Serialize,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        if !is_json(request.headers()) {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                codes::UNSUPPORTED_MEDIA_TYPE,
            )
            .detail("Send the body as JSON, with `Content-Type: application/json`."));
        }
        let body = Bytes::from_request(request, state)
            .await
            .map_err(|rejection| {
                if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                    ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, codes::PAYLOAD_TOO_LARGE)
                        .detail("The request body is larger than 1 MiB.")
                } else {
                    ApiError::new(StatusCode::BAD_REQUEST, codes::MALFORMED_JSON)
                        .detail("The request body could not be read.")
                }
            })?;
        let mut deserializer = serde_json::Deserializer::from_slice(&body);
        match serde_path_to_error::deserialize(&mut deserializer) {
            Ok(value) => match array_for_object(&body, &value) {
                Some(path) => Err(ApiError::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    codes::VALIDATION_FAILED,
                )
                .detail("Some fields are invalid.")
                .field(
                    &path,
                    field::INVALID,
                    format!("{path} must be a JSON object"),
                )),
                None => Ok(ValidJson(value)),
            },
            Err(error) => {
                let path = error.path().to_string();
                let inner = error.into_inner();
                match inner.classify() {
                    serde_json::error::Category::Data => Err(data_error(&path, &inner.to_string())),
                    _ => Err(
                        ApiError::new(StatusCode::BAD_REQUEST, codes::MALFORMED_JSON).detail(
                            format!(
                                "The body is not valid JSON ({}).",
                                describe(&inner.to_string())
                            ),
                        ),
                    ),
                }
            }
        }
    }
}

/// The owner signed in by the request, and the token that signs them in.
pub struct CurrentUser {
    pub id: UserId,
    pub token: SessionToken,
}

/// `Authorization: Bearer …` first (API clients), then the cookie (browsers).
fn presented_token(
    headers: &HeaderMap,
    cookie_name: &str,
) -> Result<Option<SessionToken>, ApiError> {
    if let Some(value) = headers.get(header::AUTHORIZATION) {
        let value = value.to_str().map_err(|_| ApiError::unauthorized())?;
        let (scheme, token) = value.split_once(' ').ok_or_else(ApiError::unauthorized)?;
        if !scheme.eq_ignore_ascii_case("bearer") || token.trim().is_empty() {
            return Err(ApiError::unauthorized());
        }
        return Ok(Some(SessionToken::presented(token.trim())));
    }
    let jar = CookieJar::from_headers(headers);
    Ok(jar
        .get(cookie_name)
        .map(|cookie| SessionToken::presented(cookie.value())))
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let cookie_name = session_cookie_name(state.settings.secure_cookies);
        let token =
            presented_token(&parts.headers, cookie_name)?.ok_or_else(ApiError::unauthorized)?;
        let id = state.services.auth.authenticate(&token).await?;
        Ok(CurrentUser { id, token })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_messages_lose_the_values_they_quote() {
        assert_eq!(
            describe(
                "invalid type: string \"sk_live_secret\", expected a boolean at line 1 column 30"
            ),
            "expected a boolean"
        );
        assert_eq!(
            describe("unknown variant `rude`, expected one of `warm`, `professional`"),
            "expected one of `warm`, `professional`"
        );
    }

    #[test]
    fn missing_and_unknown_fields_are_named() {
        let missing = data_error(".", "missing field `email` at line 1 column 2");
        assert_eq!(missing.code(), codes::VALIDATION_FAILED);
        let body = serde_json::to_value(problem_of(missing)).unwrap();
        assert_eq!(body["errors"][0]["field"], "email");
        assert_eq!(body["errors"][0]["code"], "required");
        let unknown = problem_of(data_error(
            ".",
            "unknown field `nickname`, expected one of `email`",
        ));
        assert_eq!(unknown.errors[0].field, "nickname");
        assert_eq!(unknown.errors[0].code, "unknown_field");
    }

    fn problem_of(error: ApiError) -> ava_api_types::problem::Problem {
        use axum::response::IntoResponse;
        let response = error.into_response();
        let body = futures_body(response);
        serde_json::from_slice(&body).unwrap()
    }

    fn futures_body(response: axum::response::Response) -> Vec<u8> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        runtime.block_on(async {
            axum::body::to_bytes(response.into_body(), usize::MAX)
                .await
                .unwrap()
                .to_vec()
        })
    }
}
