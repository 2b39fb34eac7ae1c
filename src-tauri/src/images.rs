//! The `zhaji-image:` scheme: the reader's `<img>` elements load an article's images from the
//! library through it, never from the network (the CSP allows images from this scheme, `'self'`
//! and `data:` only). A request names the image by its SHA-256; the bytes are served as the
//! format they were sniffed to be, cached for good (a hash never changes its bytes).

use crate::state::AppState;
use tauri::http::{header, Request, Response, StatusCode};
use tauri::{Manager, Runtime, UriSchemeContext, UriSchemeResponder};

/// The scheme's name, also in `tauri.conf.json`'s CSP and `ui/src/api.ts`.
pub const SCHEME: &str = "zhaji-image";

/// Answers one request, on a worker thread: the library is read off the UI thread.
pub fn serve<R: Runtime>(
    ctx: UriSchemeContext<'_, R>,
    request: Request<Vec<u8>>,
    responder: UriSchemeResponder,
) {
    let state = ctx.app_handle().state::<AppState>().inner().clone();
    let hash = request.uri().path().trim_start_matches('/').to_ascii_lowercase();
    tauri::async_runtime::spawn(async move {
        let response = if hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_hexdigit()) {
            match state.with(move |lib| lib.image(&hash)).await {
                Ok((format, data)) => image_response(&format, data),
                Err(_) => status(StatusCode::NOT_FOUND),
            }
        } else {
            status(StatusCode::BAD_REQUEST)
        };
        responder.respond(response);
    });
}

fn image_response(format: &str, data: Vec<u8>) -> Response<Vec<u8>> {
    Response::builder()
        .header(header::CONTENT_TYPE, zhaji::images::Format::mime(format))
        .header(header::CACHE_CONTROL, "max-age=31536000, immutable")
        .header(header::X_CONTENT_TYPE_OPTIONS, "nosniff")
        // An SVG opened on its own, outside an <img>, still runs nothing and loads nothing.
        .header(header::CONTENT_SECURITY_POLICY, "default-src 'none'; style-src 'unsafe-inline'")
        .body(data)
        .unwrap_or_else(|_| status(StatusCode::INTERNAL_SERVER_ERROR))
}

fn status(code: StatusCode) -> Response<Vec<u8>> {
    let mut r = Response::new(Vec::new());
    *r.status_mut() = code;
    r
}
