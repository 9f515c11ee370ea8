//! The static file server of `cargo xtask serve` and the browser tests: tiny_http for HTTP/1.1, mime_guess for the
//! types, percent-encoding for the paths, and this thin wrapper for what a wasm page needs.
//!
//! It serves one directory read-only (GET and HEAD) with `Cache-Control: no-cache`, and nothing outside it: a request
//! path is percent-decoded, then refused if any segment is `..`, a dot-file or not a plain file name (NUL, `\`), and
//! every file is opened only after its canonical path (symlinks resolved) is checked to lie under the canonical root.

use std::fs::File;
use std::io;
use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::{self, JoinHandle};
use std::time::Duration;

use percent_encoding::percent_decode_str;
use tiny_http::{Header, Method, Request, Response, StatusCode};

/// How many ports after the requested one to try before giving up.
const PORT_ATTEMPTS: u16 = 50;
/// How often the waiting dispatcher looks at the stop flag.
const POLL: Duration = Duration::from_millis(100);

/// A running server; dropping it (or calling [`Server::stop`]) shuts it down.
pub struct Server {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    dispatcher: Option<JoinHandle<()>>,
}

impl Server {
    /// Binds 127.0.0.1 on `port`, or the next free port after it (`port` 0 asks the OS for any free port), and serves
    /// `root` from background threads (tiny_http reads each connection in a thread of its own; each request is
    /// answered in a thread of its own, so a slow reader holds up no one). With `log`, prints one line per request.
    pub fn start(root: &Path, port: u16, log: bool) -> io::Result<Server> {
        let root = root.canonicalize().map_err(|e| {
            io::Error::new(e.kind(), format!("cannot serve {}: {e}", root.display()))
        })?;
        let listener = bind(port)?;
        let addr = listener.local_addr()?;
        let http = tiny_http::Server::from_listener(listener, None).map_err(io::Error::other)?;
        let stop = Arc::new(AtomicBool::new(false));
        let stop_flag = Arc::clone(&stop);
        let root = Arc::new(root);
        let dispatcher = thread::Builder::new()
            .name("xtask-server".into())
            .spawn(move || {
                while !stop_flag.load(Ordering::SeqCst) {
                    match http.recv_timeout(POLL) {
                        Ok(Some(request)) => {
                            let root = Arc::clone(&root);
                            let _ = thread::Builder::new()
                                .name("xtask-request".into())
                                .spawn(move || handle(request, &root, log));
                        }
                        Ok(None) => {}
                        // A connection that failed before its request (an accept() error): the server goes on.
                        Err(e) if log => eprintln!("  connection error: {e}"),
                        Err(_) => {}
                    }
                }
                // `http` is dropped here, which closes the listening socket.
            })?;
        Ok(Server {
            addr,
            stop,
            dispatcher: Some(dispatcher),
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
        if let Some(t) = self.dispatcher.take() {
            let _ = t.join();
        }
    }

    /// Stops taking requests and joins the dispatcher thread, which closes the listening socket.
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(t) = self.dispatcher.take() {
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

/// The Content-Type for a file name (mime_guess), with `charset=utf-8` for text.
pub fn content_type(path: &Path) -> String {
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    if mime.type_() == mime_guess::mime::TEXT || mime.essence_str() == "application/javascript" {
        format!("{}; charset=utf-8", mime.essence_str())
    } else {
        mime.essence_str().to_string()
    }
}

/// Why a request path was refused.
#[derive(Debug, PartialEq, Eq)]
pub enum PathError {
    /// Not a well-formed absolute path (bad escape, not UTF-8, NUL, backslash).
    BadRequest,
    /// A `..` segment or a dot-file.
    Forbidden,
}

/// Turns a request target (`/a/b.js?x=1`) into a relative path of plain segments, refusing anything that could leave
/// the root. The returned flag says whether the target ended with a slash.
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

fn handle(request: Request, root: &Path, log: bool) {
    let target = request.url().to_string();
    let response = match request.method() {
        Method::Get | Method::Head => respond(root, &target),
        _ => text(405, "only GET and HEAD").with_header(header("Allow", "GET, HEAD")),
    };
    let response = response
        .with_header(header("Cache-Control", "no-cache"))
        .with_header(header("X-Content-Type-Options", "nosniff"));
    if log {
        println!(
            "  {} {target} -> {} ({} bytes)",
            request.method(),
            response.status_code().0,
            response.data_length().unwrap_or(0)
        );
    }
    // tiny_http leaves out the body of a HEAD answer; a client that went away is no error of ours.
    let _ = request.respond(response);
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name, value).expect("header names and values are ASCII")
}

type FileResponse = Response<Box<dyn io::Read + Send>>;

fn text(status: u16, msg: &str) -> FileResponse {
    let reason = StatusCode(status).default_reason_phrase();
    let body = format!("{status} {reason}: {msg}\n");
    let len = body.len();
    Response::new(
        StatusCode(status),
        vec![header("Content-Type", "text/plain; charset=utf-8")],
        Box::new(io::Cursor::new(body.into_bytes())),
        Some(len),
        None,
    )
}

fn respond(root: &Path, target: &str) -> FileResponse {
    let (rel, trailing_slash) = match sanitize(target) {
        Ok(v) => v,
        Err(PathError::BadRequest) => return text(400, "bad path"),
        Err(PathError::Forbidden) => return text(403, "path refused"),
    };
    let mut path = root.join(&rel);
    if path.is_dir() {
        if !trailing_slash {
            let path_only = target.split(['?', '#']).next().unwrap_or("/");
            return text(301, "moved").with_header(header("Location", &format!("{path_only}/")));
        }
        path.push("index.html");
    }
    // Symlinks resolved: whatever the name, the file must be under the root.
    let real = match path.canonicalize() {
        Ok(p) if p.starts_with(root) && p.is_file() => p,
        _ => return text(404, target),
    };
    match File::open(&real) {
        Ok(file) => {
            let len = file
                .metadata()
                .ok()
                .and_then(|m| usize::try_from(m.len()).ok());
            Response::new(
                StatusCode(200),
                vec![header("Content-Type", &content_type(&real))],
                Box::new(file) as Box<dyn io::Read + Send>,
                len,
                None,
            )
            // Content-Length, never chunked (tiny_http chunks bodies over 32 KB by default).
            .with_chunked_threshold(usize::MAX)
        }
        Err(e) => text(500, &e.to_string()),
    }
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
        out
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
        assert!(index.starts_with("HTTP/1.1 200"), "{index}");
        assert!(
            index.contains("Content-Type: text/html; charset=utf-8"),
            "{index}"
        );
        assert!(index.contains("Cache-Control: no-cache"), "{index}");
        assert!(index.ends_with("<title>t</title>"), "{index}");
        let head = request(addr, "HEAD", "/index.html");
        assert!(head.starts_with("HTTP/1.1 200"), "{head}");
        assert!(head.contains("Content-Length: 16"), "{head}");
        assert!(!head.contains("<title>"), "{head}");
        let wasm = get(addr, "/pkg/m.wasm");
        assert!(wasm.contains("Content-Type: application/wasm"), "{wasm}");
        assert!(wasm.contains("Content-Length: 100000"), "{wasm}");
        assert!(get(addr, "/pkg").starts_with("HTTP/1.1 301"));
        assert!(get(addr, "/missing.js").starts_with("HTTP/1.1 404"));
        assert!(get(addr, "/../secret.txt").starts_with("HTTP/1.1 403"));
        assert!(get(addr, "/%2e%2e/secret.txt").starts_with("HTTP/1.1 403"));
        assert!(request(addr, "POST", "/").starts_with("HTTP/1.1 405"));
        #[cfg(unix)]
        assert!(get(addr, "/link.txt").starts_with("HTTP/1.1 404"));
        server.stop();
        // tiny_http closes its listener from its accept thread, soon after.
        let closed = (0..50).any(|_| {
            thread::sleep(Duration::from_millis(40));
            TcpStream::connect(addr).is_err()
        });
        assert!(closed, "still listening 2 s after stop()");
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
