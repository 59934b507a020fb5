//! The built SPA: hashed assets cached for good, `index.html` never cached
//! and answered for every client route, and a real 404 for a missing file.

use std::path::{Path, PathBuf};

use axum::{
    Router,
    body::Body,
    http::{HeaderValue, Request, StatusCode, header},
    response::{IntoResponse, Response},
    routing::get,
};
use tower::ServiceExt;
use tower_http::{
    services::{ServeDir, ServeFile},
    set_header::SetResponseHeaderLayer,
};

/// Asset names carry a content hash (see `scripts/build-spa`): they never change.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// The page names the current assets: always ask whether it changed.
const REVALIDATE: &str = "no-cache";

pub fn router<S: Clone + Send + Sync + 'static>(dir: &Path) -> Router<S> {
    let assets = ServeDir::new(dir.join("assets"))
        .precompressed_br()
        .precompressed_gzip();
    let index = dir.join("index.html");
    let files = dir.to_owned();
    Router::new()
        .nest_service(
            "/assets",
            tower::ServiceBuilder::new()
                .layer(SetResponseHeaderLayer::overriding(
                    header::CACHE_CONTROL,
                    HeaderValue::from_static(IMMUTABLE),
                ))
                .service(assets),
        )
        .route(
            "/",
            get({
                let index = index.clone();
                move |request: Request<Body>| serve_index(index, request)
            }),
        )
        .fallback(move |request: Request<Body>| serve_other(files.clone(), index.clone(), request))
}

async fn serve_index(index: PathBuf, request: Request<Body>) -> Response {
    match ServeFile::new(index)
        .precompressed_gzip()
        .oneshot(request)
        .await
    {
        // 304: the browser's copy is current (index.html is revalidated every time).
        Ok(mut response)
            if response.status().is_success() || response.status() == StatusCode::NOT_MODIFIED =>
        {
            response
                .headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static(REVALIDATE));
            response.into_response()
        }
        _ => (
            StatusCode::SERVICE_UNAVAILABLE,
            "The web app is not built: run scripts/build-spa.",
        )
            .into_response(),
    }
}

/// A path whose last segment has an extension asks for a file: serve it or
/// 404. Any other path is a client route of the SPA.
async fn serve_other(dir: PathBuf, index: PathBuf, request: Request<Body>) -> Response {
    let asks_for_file = request
        .uri()
        .path()
        .rsplit('/')
        .next()
        .is_some_and(|segment| segment.contains('.'));
    if !asks_for_file {
        return serve_index(index, request).await;
    }
    match ServeDir::new(dir).oneshot(request).await {
        Ok(response) => response.into_response(),
        Err(infallible) => match infallible {},
    }
}

#[cfg(test)]
mod tests {
    use axum::http::{Request, header};
    use tower::ServiceExt;

    use super::*;

    fn built_spa() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("assets")).unwrap();
        std::fs::write(dir.path().join("index.html"), "<html>the app</html>").unwrap();
        std::fs::write(dir.path().join("assets/app-1a2b3c.js"), "export default 1;").unwrap();
        std::fs::write(
            dir.path().join("assets/app-1a2b3c.js.gz"),
            b"\x1f\x8b gzipped",
        )
        .unwrap();
        std::fs::write(dir.path().join("assets/app-1a2b3c.js.br"), b"brotli").unwrap();
        std::fs::write(dir.path().join("favicon.svg"), "<svg/>").unwrap();
        dir
    }

    async fn get(dir: &Path, path: &str, encodings: Option<&str>) -> Response {
        let mut request = Request::get(path);
        if let Some(encodings) = encodings {
            request = request.header(header::ACCEPT_ENCODING, encodings);
        }
        router::<()>(dir)
            .oneshot(request.body(Body::empty()).unwrap())
            .await
            .unwrap()
    }

    async fn text(response: Response) -> String {
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap();
        String::from_utf8_lossy(&bytes).into_owned()
    }

    #[tokio::test]
    async fn client_routes_get_the_page_never_cached() {
        let dir = built_spa();
        for path in ["/", "/he/welcome", "/en/settings/vapi", "/de"] {
            let response = get(dir.path(), path, None).await;
            assert_eq!(response.status(), StatusCode::OK, "{path}");
            assert_eq!(
                response.headers()[header::CACHE_CONTROL],
                REVALIDATE,
                "{path}"
            );
            assert_eq!(text(response).await, "<html>the app</html>", "{path}");
        }
    }

    #[tokio::test]
    async fn a_revalidated_page_is_304_not_an_error() {
        let dir = built_spa();
        let first = get(dir.path(), "/en/welcome", None).await;
        let etag = first.headers()[header::ETAG].clone();
        let request = Request::get("/en/welcome")
            .header(header::IF_NONE_MATCH, etag)
            .body(Body::empty())
            .unwrap();
        let again = router::<()>(dir.path()).oneshot(request).await.unwrap();
        assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
        assert_eq!(again.headers()[header::CACHE_CONTROL], REVALIDATE);
    }

    #[tokio::test]
    async fn hashed_assets_are_cached_for_good_and_served_compressed() {
        let dir = built_spa();
        for (accepted, encoding, body) in [
            ("gzip", "gzip", "\u{1f}\u{fffd} gzipped"),
            ("gzip, deflate, br", "br", "brotli"),
        ] {
            let response = get(dir.path(), "/assets/app-1a2b3c.js", Some(accepted)).await;
            assert_eq!(response.status(), StatusCode::OK, "{accepted}");
            assert_eq!(response.headers()[header::CACHE_CONTROL], IMMUTABLE);
            assert_eq!(response.headers()[header::CONTENT_ENCODING], encoding);
            assert_eq!(text(response).await, body, "{accepted}");
        }
        let plain = get(dir.path(), "/assets/app-1a2b3c.js", None).await;
        assert_eq!(text(plain).await, "export default 1;");
    }

    #[tokio::test]
    async fn a_missing_file_is_404_not_the_page() {
        let dir = built_spa();
        for path in ["/x.js", "/assets/app-000000.js", "/he/missing.png"] {
            assert_eq!(
                get(dir.path(), path, None).await.status(),
                StatusCode::NOT_FOUND,
                "{path}"
            );
        }
        assert_eq!(
            get(dir.path(), "/favicon.svg", None).await.status(),
            StatusCode::OK
        );
    }

    #[tokio::test]
    async fn without_a_build_the_page_says_how_to_make_one() {
        let empty = tempfile::tempdir().unwrap();
        let response = get(empty.path(), "/en/welcome", None).await;
        assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert!(text(response).await.contains("scripts/build-spa"));
    }
}
