//! The static file server of `cargo xtask serve`, the browser tests and the report: tower-http's `ServeDir` (on axum,
//! hyper and tokio) serves the files, with their types (mime_guess), HEAD, `/dir` → `/dir/` and `index.html`, and
//! refuses `..`; this thin wrapper adds what a wasm page and a test server need.
//!
//! It serves one directory read-only (GET and HEAD) with `Cache-Control: no-cache` and `charset=utf-8` on text and
//! scripts, and nothing outside it: a request path is percent-decoded and refused if a segment is `..`, a dot-file
//! or not a plain file name (NUL, `\`), and a file is served only when its canonical path (symlinks resolved) lies
//! under the canonical root (`ServeDir` follows symlinks).

use std::future::IntoFuture;
use std::io;
use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::thread::{self, JoinHandle};
use std::time::Duration;

use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use percent_encoding::percent_decode_str;
use tokio::sync::oneshot;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

/// How many ports after the requested one to try before giving up.
const PORT_ATTEMPTS: u16 = 50;
/// How long `stop()` lets open requests finish.
const GRACE: Duration = Duration::from_secs(2);

/// A running server; dropping it (or calling [`Server::stop`]) shuts it down.
pub struct Server {
    addr: SocketAddr,
    shutdown: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Server {
    /// Binds 127.0.0.1 on `port`, or the next free port after it (`port` 0 asks the OS for any free port), and serves
    /// `root` from a background thread (a tokio runtime of its own). With `log`, prints one line per request.
    pub fn start(root: &Path, port: u16, log: bool) -> io::Result<Server> {
        let root = root.canonicalize().map_err(|e| {
            io::Error::new(e.kind(), format!("cannot serve {}: {e}", root.display()))
        })?;
        let listener = bind(port)?;
        let addr = listener.local_addr()?;
        listener.set_nonblocking(true)?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let (tx, rx) = oneshot::channel::<()>();
        let root = Arc::new(root);
        let guard_root = Arc::clone(&root);
        let app = Router::new()
            .fallback_service(ServeDir::new(&*root))
            .layer(middleware::from_fn(move |request: Request, next: Next| {
                let root = Arc::clone(&guard_root);
                async move { guard(&root, log, request, next).await }
            }))
            .layer(SetResponseHeaderLayer::overriding(
                header::CACHE_CONTROL,
                HeaderValue::from_static("no-cache"),
            ))
            .layer(SetResponseHeaderLayer::overriding(
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ));
        let thread = thread::Builder::new()
            .name("xtask-server".into())
            .spawn(move || {
                runtime.block_on(async move {
                    let listener = match tokio::net::TcpListener::from_std(listener) {
                        Ok(l) => l,
                        Err(e) => return eprintln!("  server: {e}"),
                    };
                    let (stopping_tx, stopping_rx) = oneshot::channel::<()>();
                    let serve = axum::serve(listener, app).with_graceful_shutdown(async move {
                        let _ = rx.await;
                        let _ = stopping_tx.send(());
                    });
                    let serving = tokio::spawn(serve.into_future());
                    // Until stop() (or the server ends on its own, dropping the sender); then connections still
                    // open get GRACE to finish, and the runtime drops them.
                    let _ = stopping_rx.await;
                    let _ = tokio::time::timeout(GRACE, serving).await;
                });
            })?;
        Ok(Server {
            addr,
            shutdown: Some(tx),
            thread: Some(thread),
        })
    }

    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The base URL, with a trailing slash.
    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// Blocks the calling thread while the server runs (used by `cargo xtask serve`).
    pub fn wait(mut self) {
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }

    /// Stops the server (open requests get two seconds) and joins its thread; the port is closed on return.
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.shutdown();
    }
}

fn bind(port: u16) -> io::Result<TcpListener> {
    if port == 0 {
        return TcpListener::bind((Ipv4Addr::LOCALHOST, 0));
    }
    let mut last = None;
    for p in port..port.saturating_add(PORT_ATTEMPTS) {
        match TcpListener::bind((Ipv4Addr::LOCALHOST, p)) {
            Ok(l) => return Ok(l),
            Err(e) => last = Some(e),
        }
    }
    Err(io::Error::new(
        io::ErrorKind::AddrInUse,
        format!(
            "no free port in {port}..{}: {}",
            port.saturating_add(PORT_ATTEMPTS),
            last.map(|e| e.to_string()).unwrap_or_default()
        ),
    ))
}

/// Before `ServeDir`: GET and HEAD only, the path checks, the symlink check; after it: the charset, and the log line.
async fn guard(root: &Path, log: bool, request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let target = request.uri().to_string();
    let response = if method != axum::http::Method::GET && method != axum::http::Method::HEAD {
        (
            StatusCode::METHOD_NOT_ALLOWED,
            [(header::ALLOW, "GET, HEAD")],
            "405 Method Not Allowed: only GET and HEAD\n",
        )
            .into_response()
    } else {
        match sanitize(request.uri().path()) {
            Err(PathError::BadRequest) => {
                (StatusCode::BAD_REQUEST, "400 Bad Request: bad path\n").into_response()
            }
            Err(PathError::Forbidden) => {
                (StatusCode::FORBIDDEN, "403 Forbidden: path refused\n").into_response()
            }
            Ok((rel, _)) if escapes(root, &rel) => {
                (StatusCode::NOT_FOUND, "404 Not Found\n").into_response()
            }
            Ok(_) => with_charset(next.run(request).await),
        }
    };
    if log {
        println!("  {method} {target} -> {}", response.status().as_u16());
    }
    response
}

/// Whether `rel` exists under `root` but resolves (through a symlink) to somewhere outside it.
fn escapes(root: &Path, rel: &Path) -> bool {
    match root.join(rel).canonicalize() {
        Ok(real) => !real.starts_with(root),
        Err(_) => false, // missing: ServeDir answers 404
    }
}

/// `charset=utf-8` on text and scripts (mime_guess gives the bare type).
fn with_charset(mut response: Response) -> Response {
    let Some(value) = response.headers().get(header::CONTENT_TYPE) else {
        return response;
    };
    let Ok(mime) = value.to_str() else {
        return response;
    };
    if !mime.contains(';') && (mime.starts_with("text/") || mime == "application/javascript") {
        if let Ok(v) = HeaderValue::from_str(&format!("{mime}; charset=utf-8")) {
            response.headers_mut().insert(header::CONTENT_TYPE, v);
        }
    }
    response
}

/// The Content-Type `ServeDir` and the wrapper give a file name (for the tests).
#[cfg(test)]
fn content_type(path: &Path) -> String {
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    let mut response = Response::new(axum::body::Body::empty());
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(mime.as_ref()).unwrap(),
    );
    with_charset(response).headers()[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .to_string()
}

/// Why a request path was refused.
#[derive(Debug, PartialEq, Eq)]
pub enum PathError {
    /// Not a well-formed absolute path (bad escape, not UTF-8, NUL, backslash).
    BadRequest,
    /// A `..` segment or a dot-file.
    Forbidden,
}

/// Turns a request path (`/a/b.js`, a query is cut off) into a relative path of plain segments, refusing anything that
/// could leave the root. The returned flag says whether the path ended with a slash.
pub fn sanitize(target: &str) -> Result<(PathBuf, bool), PathError> {
    let path = target.split(['?', '#']).next().unwrap_or("");
    if !path.starts_with('/') {
        return Err(PathError::BadRequest);
    }
    let decoded = percent_decode_str(path)
        .decode_utf8()
        .map_err(|_| PathError::BadRequest)?;
    if decoded.contains(['\0', '\\']) || malformed_escape(path) {
        return Err(PathError::BadRequest);
    }
    let mut rel = PathBuf::new();
    for seg in decoded.split('/').filter(|s| !s.is_empty() && *s != ".") {
        if seg.starts_with('.') {
            return Err(PathError::Forbidden); // `..` and dot-files
        }
        // One plain name per segment, nothing the platform would read as a root, prefix or parent.
        let mut parts = Path::new(seg).components();
        match (parts.next(), parts.next()) {
            (Some(Component::Normal(name)), None) => rel.push(name),
            _ => return Err(PathError::Forbidden),
        }
    }
    Ok((rel, decoded.ends_with('/')))
}

/// A `%` not followed by two hex digits (percent-encoding passes those through as they are).
fn malformed_escape(path: &str) -> bool {
    path.split('%').skip(1).any(|rest| {
        !rest
            .get(..2)
            .is_some_and(|h| h.bytes().all(|b| b.is_ascii_hexdigit()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;
    use std::io::{Read, Write};
    use std::net::TcpStream;

    #[test]
    fn sanitize_accepts_plain_paths() {
        assert_eq!(sanitize("/"), Ok((PathBuf::new(), true)));
        assert_eq!(
            sanitize("/pkg/yidi.js?v=1"),
            Ok((PathBuf::from("pkg/yidi.js"), false))
        );
        assert_eq!(sanitize("/a/./b%20c/"), Ok((PathBuf::from("a/b c"), true)));
        assert_eq!(
            sanitize("/%E5%BC%82.html"),
            Ok((PathBuf::from("异.html"), false))
        );
    }

    #[test]
    fn sanitize_refuses_escapes() {
        for bad in [
            "/../etc/passwd",
            "/a/../../b",
            "/%2e%2e/x",
            "/%2E%2E%2Fx",
            "/.git/config",
            "/a/.hidden",
        ] {
            assert_eq!(sanitize(bad), Err(PathError::Forbidden), "{bad}");
        }
        for bad in [
            "relative",
            "/a%5c..%5cb",
            "/a%00b",
            "/%zz",
            "/%2",
            "/%ff%fe",
            "http://x/",
        ] {
            assert_eq!(sanitize(bad), Err(PathError::BadRequest), "{bad}");
        }
    }

    #[test]
    fn mime_types() {
        for (file, mime) in [
            ("a/yidi_bg.wasm", "application/wasm"),
            ("yidi.js", "text/javascript; charset=utf-8"),
            ("yidi.mjs", "application/javascript; charset=utf-8"),
            ("index.HTML", "text/html; charset=utf-8"),
            ("p.json", "application/json"),
            ("s.css", "text/css; charset=utf-8"),
            ("i.svg", "image/svg+xml"),
            ("noext", "application/octet-stream"),
        ] {
            assert_eq!(content_type(Path::new(file)), mime, "{file}");
        }
    }

    fn request(addr: SocketAddr, method: &str, target: &str) -> String {
        let mut s = TcpStream::connect(addr).unwrap();
        write!(
            s,
            "{method} {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut out = String::new();
        s.read_to_string(&mut out).unwrap();
        out.to_ascii_lowercase() // hyper writes header names in lower case
    }

    fn get(addr: SocketAddr, target: &str) -> String {
        request(addr, "GET", target)
    }

    #[test]
    fn serves_files_and_refuses_traversal() {
        let base = std::env::temp_dir().join(format!("xtask-server-test-{}", std::process::id()));
        let root = base.join("www");
        fs::create_dir_all(root.join("pkg")).unwrap();
        fs::write(root.join("index.html"), "<title>t</title>").unwrap();
        fs::write(root.join("pkg/m.wasm"), [0; 100_000]).unwrap();
        fs::write(base.join("secret.txt"), "secret").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(base.join("secret.txt"), root.join("link.txt")).unwrap();

        let server = Server::start(&root, 0, false).unwrap();
        let addr = server.addr();
        let index = get(addr, "/");
        assert!(index.starts_with("http/1.1 200"), "{index}");
        assert!(
            index.contains("content-type: text/html; charset=utf-8"),
            "{index}"
        );
        assert!(index.contains("cache-control: no-cache"), "{index}");
        assert!(index.ends_with("<title>t</title>"), "{index}");
        let head = request(addr, "HEAD", "/index.html");
        assert!(head.starts_with("http/1.1 200"), "{head}");
        assert!(head.contains("content-length: 16"), "{head}");
        assert!(!head.contains("<title>"), "{head}");
        let wasm = get(addr, "/pkg/m.wasm");
        assert!(wasm.contains("content-type: application/wasm"), "{wasm}");
        assert!(wasm.contains("content-length: 100000"), "{wasm}");
        let redirect = get(addr, "/pkg");
        assert!(redirect.starts_with("http/1.1 30"), "{redirect}");
        assert!(redirect.contains("location: /pkg/"), "{redirect}");
        assert!(get(addr, "/missing.js").starts_with("http/1.1 404"));
        assert!(get(addr, "/../secret.txt").starts_with("http/1.1 403"));
        assert!(get(addr, "/%2e%2e/secret.txt").starts_with("http/1.1 403"));
        assert!(request(addr, "POST", "/").starts_with("http/1.1 405"));
        #[cfg(unix)]
        assert!(get(addr, "/link.txt").starts_with("http/1.1 404"));
        server.stop();
        assert!(
            TcpStream::connect(addr).is_err(),
            "still listening after stop()"
        );
        fs::remove_dir_all(&base).unwrap();
    }

    #[test]
    fn a_busy_port_falls_back_to_the_next() {
        let dir = std::env::temp_dir();
        let first = Server::start(&dir, 0, false).unwrap();
        let second = Server::start(&dir, first.addr().port(), false).unwrap();
        assert_ne!(second.addr().port(), first.addr().port());
        second.stop();
        first.stop();
    }
}
