//! Small HTTP helpers shared by both fakes.

use axum::{
    body::Body,
    http::{HeaderValue, StatusCode, Uri, header},
    response::{IntoResponse, Response},
};
use serde_json::Value;

/// A JSON response with this status.
pub(crate) fn json(status: StatusCode, body: &Value) -> Response {
    let mut response = (status, body.to_string()).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    response
}

/// An XML response with this status.
pub(crate) fn xml(status: StatusCode, body: String) -> Response {
    let mut response = (status, body).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/xml"),
    );
    response
}

/// A 200 whose body is not JSON: what a captive portal or a misrouted proxy
/// answers.
pub(crate) fn garbage() -> Response {
    let mut response = Response::new(Body::from(
        "<html><head><title>Welcome</title></head><body>It works! \u{fffd}\u{0}</body></html>",
    ));
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html"));
    response
}

/// The query string's pairs, decoded; a malformed query gives no pairs.
pub(crate) fn query_pairs(uri: &Uri) -> Vec<(String, String)> {
    axum::extract::Query::<Vec<(String, String)>>::try_from_uri(uri)
        .map(|query| query.0)
        .unwrap_or_default()
}

/// The path's segments, without empty ones (a trailing slash is ignored).
pub(crate) fn segments(path: &str) -> Vec<&str> {
    path.split('/')
        .filter(|segment| !segment.is_empty())
        .collect()
}
